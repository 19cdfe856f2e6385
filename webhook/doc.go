// Package webhook receives the webhooks OpenAI sends when a background
// response, a batch, an eval run or a fine-tuning job ends, and the other
// events of the current list: it verifies their Standard Webhooks
// signatures and decodes them into typed events.
//
// # Verifying
//
// A [Verifier] holds the endpoint's signing secret ("whsec_…"), and the
// previous one during a rotation ([WithSecret]). [Verifier.Verify] checks
// the webhook-id, webhook-timestamp and webhook-signature headers against
// the raw body: a "v1," HMAC-SHA256 signature of "id.timestamp.body" under
// one of the secrets, compared in constant time, and a timestamp within
// 5 minutes of the clock, in the past or the future ([WithTolerance]).
// Each failure is an error that matches [ErrInvalid] and a sentinel that
// says which check failed ([ErrMissingHeader], [ErrBadTimestamp],
// [ErrTooOld], [ErrTooNew], [ErrNoMatch]). Verify the body exactly as it
// came: a body decoded and encoded again does not verify.
//
// [Verifier.Sign] and [Verifier.Header] sign a body as OpenAI does, for
// tests; responsestest.WithWebhook makes the fake API send signed webhooks.
//
// # Events
//
// [ParseEvent] and [Verifier.Unwrap] decode a body into an [Event], read
// with a type switch. The events come in a few shapes, not one Go type per
// event type: [*ResourceEvent] for every event about one object named by
// its id (response.*, batch.*, eval.run.*, fine_tuning.job.*,
// agent.environment.*, safety.*), [*SessionEvent] for agent.session.*,
// [*CallEvent] for incoming SIP calls, and [*UnknownEvent], which keeps
// the data of a type the package does not list (video.* among them, whose
// data the API does not document). The [Type] constants name every listed
// type and say which shape it has. An event carries ids, not objects: get
// the response or the batch with its API.
//
// # Receiving
//
// A [Handler] is the http.Handler of a webhook endpoint: it reads at most
// 1 MiB ([WithMaxBytes]), verifies, decodes and calls a function, and
// answers so that OpenAI delivers again an event whose function failed
// (500) and never one that failed verification (400). [WithReplayCache]
// keeps the ids of the webhooks handled recently, so that a replayed
// webhook is not handled twice.
//
//	v, err := webhook.NewVerifier(os.Getenv("OPENAI_WEBHOOK_SECRET"))
//	if err != nil {
//		log.Fatal(err)
//	}
//	http.Handle("POST /webhooks/openai", webhook.NewHandler(v, func(ctx context.Context, ev webhook.Event) error {
//		switch ev := ev.(type) {
//		case *webhook.ResourceEvent:
//			if ev.Type == webhook.ResponseCompleted {
//				resp, err := svc.Get(ctx, ev.Data.ID)
//				// ...
//			}
//		}
//		return nil
//	}, webhook.WithReplayCache(10000)))
package webhook
