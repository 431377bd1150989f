package parser

import "github.com/switchyard/switchyard/rules"

// senderTwins pairs a rule that obliges a recipient to refuse a message with
// the rule its sender broke to make that message, where the catalogue
// states the two sides separately: RFC 6455 §4.2.1 (what a server expects)
// against §4.1 (what a client must send); §4.1's client checks against
// §4.2.2 (what a server must send); a grammar violation against RFC 9110
// §2.2 (a sender MUST NOT generate it). A verdict cites both, so that it
// says what the sender did wrong and what the recipient must do.
var senderTwins = map[rules.ID][]rules.ID{
	// A request, as the server reads it (RFC 6455 §4.2.1 vs §4.1).
	rules.RFC6455_4_2_1_2:  {rules.RFC6455_4_1_7},
	rules.RFC6455_4_2_1_3:  {rules.RFC6455_4_1_9},
	rules.RFC6455_4_2_1_4:  {rules.RFC6455_4_1_10},
	rules.RFC6455_4_2_1_5:  {rules.RFC6455_4_1_11},
	rules.RFC6455_4_2_1_6:  {rules.RFC6455_4_1_12},
	rules.RFC6455_4_3_G1:   {rules.RFC6455_4_1_12},
	rules.RFC6455_4_2_1_7:  {rules.RFC6455_4_1_14},
	rules.RFC9112_3_2_3:    {rules.RFC9112_3_2_2, rules.RFC9110_7_2_1},
	rules.RFC6455_11_3_1_1: {rules.RFC9110_5_3_3},
	rules.RFC6455_11_3_5_1: {rules.RFC9110_5_3_3},
	rules.AMB_27:           {rules.RFC6455_4_1_8},
	rules.AMB_8:            {rules.RFC9110_2_2_1},

	// A 101, as the client reads it (RFC 6455 §4.1 vs §4.2.2).
	rules.RFC6455_4_1_20:   {rules.RFC6455_4_2_2_9},
	rules.RFC6455_4_1_21:   {rules.RFC6455_4_2_2_10},
	rules.RFC6455_4_1_22:   {rules.RFC6455_4_2_2_11},
	rules.RFC6455_4_1_23:   {rules.RFC6455_4_2_2_7, rules.RFC6455_9_1},
	rules.RFC6455_4_1_24:   {rules.RFC6455_4_2_2_6},
	rules.RFC6455_11_3_3_1: {rules.RFC9110_5_3_3},
	rules.RFC6455_11_3_4_1: {rules.RFC9110_5_3_3},
	rules.RFC7692_5_7:      {rules.RFC7692_7_2, rules.RFC7692_5_6}, // the server failed to decline (§7) first
	rules.RFC9110_15_2_2_1: {rules.RFC9110_7_8_4},

	// Grammar: whoever receives it, the sender generated it (RFC 9110 §2.2).
	rules.RFC9112_2_3_G1:   {rules.RFC9110_2_2_1},
	rules.RFC9112_3_G1:     {rules.RFC9110_2_2_1},
	rules.RFC9112_3_2_G1:   {rules.RFC9110_2_2_1},
	rules.RFC9112_4_G1:     {rules.RFC9110_2_2_1},
	rules.RFC9112_5_G1:     {rules.RFC9110_2_2_1},
	rules.RFC9112_5_1_1:    {rules.RFC9110_2_2_1},
	rules.RFC9110_5_1_G1:   {rules.RFC9110_2_2_1},
	rules.RFC9110_5_6_4_G1: {rules.RFC9110_2_2_1},
	rules.RFC9110_5_6_4_G2: {rules.RFC9110_2_2_1},
	rules.RFC9110_5_6_4_G3: {rules.RFC9110_2_2_1},
	rules.RFC9112_6_1_G1:   {rules.RFC9110_2_2_1},
	rules.RFC9110_7_6_1_G1: {rules.RFC9110_2_2_1},
	rules.RFC9110_7_8_G3:   {rules.RFC9110_2_2_1},
	rules.RFC9110_7_8_G4:   {rules.RFC9110_2_2_1},
	rules.RFC6455_4_3_G2:   {rules.RFC9110_2_2_1},
	rules.RFC6455_4_3_G4:   {rules.RFC9110_2_2_1},
	rules.RFC6455_4_3_G5:   {rules.RFC9110_2_2_1},
	rules.RFC6455_4_3_G7:   {rules.RFC9110_2_2_1},
	rules.RFC6455_4_3_G8:   {rules.RFC9110_2_2_1},
	rules.RFC6455_4_3_G9:   {rules.RFC9110_2_2_1},
	rules.RFC6455_4_3_G12:  {rules.RFC9110_2_2_1},
	rules.RFC6455_9_1_G1:   {rules.RFC9110_2_2_1},
	rules.RFC6455_9_1_G2:   {rules.RFC9110_2_2_1},
	rules.RFC6455_9_1_G3:   {rules.RFC9110_2_2_1},
	rules.RFC6455_9_1_2:    {rules.RFC9110_2_2_1},
}

// SenderTwins returns the rules a message's sender broke when a recipient
// must refuse the message citing id, where the catalogue states the
// sender's side as rules of their own (see the table in twins.go), or nil.
// Verdicts cite them all.
func SenderTwins(id rules.ID) []rules.ID {
	return append([]rules.ID(nil), senderTwins[id]...)
}
