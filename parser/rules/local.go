package rules

// Local rules: decisions Switchyard needs that the catalogue does not number.
// All are Policy: they go beyond the RFC text, and reports say so. The RFC
// text they rest on is named in each.
const (
	// Resource limits (RFC 9110 §2.3 asks recipients to use bounded buffers;
	// RFC 9110 §5.4 and RFC 6585 §5 give 431 for an oversized header section).
	LIMIT_1 ID = "LIMIT-1" // head larger than the configured maximum
	LIMIT_2 ID = "LIMIT-2" // more field lines than the configured maximum
	LIMIT_3 ID = "LIMIT-3" // more list elements in one field than the configured maximum
	LIMIT_4 ID = "LIMIT-4" // more extension parameters than the configured maximum
)

// local holds the local rules, in the order listings print them.
var local = [...]Rule{
	{ID: LIMIT_1, Level: Policy, Keyword: "LIMIT", Subject: "recipient", Section: "RFC 9110 §2.3, §5.4", Part: "local",
		Summary: "A message head larger than the configured limit is refused (431 for a request).",
		Text:    "A recipient uses bounded buffers (RFC 9110 §2.3). Switchyard refuses a head of more than Limits.MaxHeadBytes octets, with 431 Request Header Fields Too Large for a request (RFC 9110 §5.4 requires a 4xx)."},
	{ID: LIMIT_2, Level: Policy, Keyword: "LIMIT", Subject: "recipient", Section: "RFC 9110 §2.3, §5.4", Part: "local",
		Summary: "A message head with more field lines than the configured limit is refused (431 for a request).",
		Text:    "Switchyard refuses a head with more than Limits.MaxFields field lines, with 431 for a request."},
	{ID: LIMIT_3, Level: Policy, Keyword: "LIMIT", Subject: "recipient", Section: "RFC 9110 §2.3, §5.6.1.2", Part: "local",
		Summary: "A list field with more elements than the configured limit is refused.",
		Text:    "RFC 9110 §5.6.1.2 asks recipients to accept a reasonable number of empty elements; Switchyard counts all elements, empty or not, and refuses a field with more than Limits.MaxListElements."},
	{ID: LIMIT_4, Level: Policy, Keyword: "LIMIT", Subject: "recipient", Section: "RFC 9110 §2.3", Part: "local",
		Summary: "An extension with more parameters than the configured limit is refused.",
		Text:    "Switchyard refuses a Sec-WebSocket-Extensions element with more than Limits.MaxExtensionParams parameters."},
}
