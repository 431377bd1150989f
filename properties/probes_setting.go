package properties

// settingProbes breaks rules by changing the setting (see KindSetting).
var settingProbes = []Probe{}
