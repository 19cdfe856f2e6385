package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/respkit/respkit/webhook"
)

func ExampleVerifier_Unwrap() {
	// A secret as the dashboard shows it, and a webhook as OpenAI sends it
	// (signed here with the same secret, at a fixed time).
	const secret = "whsec_dGhlIGtleSBvZiB0aGUgZXhhbXBsZSwgMzIgYnl0ZXMh"
	at := time.Unix(1750287018, 0)
	body := []byte(`{"id":"evt_1","object":"event","created_at":1750287018,"type":"response.completed","data":{"id":"resp_1"}}`)
	header := http.Header{}
	header.Set("webhook-id", "msg_1")
	header.Set("webhook-timestamp", "1750287018")
	header.Set("webhook-signature", "v1,2dIIbiwQuWknQYlZNS5/44aJRp5IC95BOUBFxTwPUJQ=")

	v, err := webhook.NewVerifier(secret, webhook.WithClock(func() time.Time { return at.Add(time.Minute) }))
	if err != nil {
		fmt.Println(err)
		return
	}
	ev, err := v.Unwrap(header, body)
	if err != nil {
		fmt.Println(err)
		return
	}
	switch ev := ev.(type) {
	case *webhook.ResourceEvent:
		fmt.Println(ev.Type, ev.Data.ID, ev.Created().UTC().Format(time.RFC3339))
	}

	// Ten minutes later, the same webhook is stale.
	v, _ = webhook.NewVerifier(secret, webhook.WithClock(func() time.Time { return at.Add(10 * time.Minute) }))
	fmt.Println(v.Verify(header, body))
	// Output:
	// response.completed resp_1 2025-06-18T22:50:18Z
	// webhook: timestamp too old: 2025-06-18T22:50:18Z is more than 5m0s before now
}

func ExampleHandler() {
	v, err := webhook.NewVerifier("whsec_dGhlIGtleSBvZiB0aGUgZXhhbXBsZSwgMzIgYnl0ZXMh")
	if err != nil {
		fmt.Println(err)
		return
	}
	h := webhook.NewHandler(v, func(ctx context.Context, ev webhook.Event) error {
		if ev, ok := ev.(*webhook.ResourceEvent); ok && ev.Type == webhook.BatchCompleted {
			fmt.Println("batch done:", ev.Data.ID)
		}
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()

	body := `{"id":"evt_2","object":"event","created_at":1750287018,"type":"batch.completed","data":{"id":"batch_1"}}`
	send := func(header http.Header) {
		req, _ := http.NewRequest("POST", srv.URL, strings.NewReader(body))
		req.Header = header
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.Status)
	}
	send(v.Header("msg_2", time.Now(), []byte(body)))
	forged := v.Header("msg_2", time.Now(), []byte(body))
	forged.Set("webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
	send(forged)
	// Output:
	// batch done: batch_1
	// 200 OK
	// 400 Bad Request
}
