package responsestest

// WSAccept is wsAccept, for the external tests.
var WSAccept = wsAccept
