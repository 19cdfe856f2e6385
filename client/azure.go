package client

import (
	"errors"
	"fmt"
	"strings"
)

// WithAzure targets an Azure OpenAI resource, such as
// "https://my-resource.openai.azure.com". Requests go to "<endpoint>/openai/v1"
// (an endpoint that already ends in /openai/v1 is used as is), the key is sent in
// the "api-key" header instead of "Authorization: Bearer", and it is read from
// AZURE_OPENAI_API_KEY when [WithAPIKey] is not given. OPENAI_BASE_URL,
// OPENAI_ORG_ID and OPENAI_PROJECT_ID are ignored. It cannot be combined with
// [WithBaseURL].
//
// For Microsoft Entra ID tokens instead of keys, use [WithoutAPIKey] with a
// [Middleware] that sets "Authorization: Bearer <token>" on each attempt.
func WithAzure(endpoint string) Option {
	return func(cfg *config) error {
		u, err := parseBaseURL(endpoint)
		if err != nil {
			return fmt.Errorf("client: WithAzure: %w", err)
		}
		cfg.azure = strings.TrimSuffix(u, "/openai/v1")
		return nil
	}
}

// WithAPIVersion adds "api-version=<v>" to the query of every request, as Azure
// OpenAI deployments that pin a version require. An api-version already in
// [Request.Query] wins. The v1 Azure API works without it.
func WithAPIVersion(v string) Option {
	return func(cfg *config) error {
		if v == "" {
			return errors.New("client: WithAPIVersion: empty version")
		}
		cfg.apiVersion = v
		return nil
	}
}
