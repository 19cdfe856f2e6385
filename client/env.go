package client

import (
	"errors"
	"fmt"
	"os"
)

// Environment variables read by [New] for what the options leave unset.
const (
	envAPIKey      = "OPENAI_API_KEY"
	envBaseURL     = "OPENAI_BASE_URL"
	envOrg         = "OPENAI_ORG_ID"
	envProject     = "OPENAI_PROJECT_ID"
	envAzureAPIKey = "AZURE_OPENAI_API_KEY"
)

// ErrNoAPIKey is returned, wrapped, by [New] when neither an option nor the
// environment gives an API key and [WithoutAPIKey] was not used.
var ErrNoAPIKey = errors.New("client: no API key")

// resolveEnv fills unset fields from the environment and checks the result.
func (cfg *config) resolveEnv() error {
	if cfg.azure != "" && cfg.baseURLSet {
		return errors.New("client: WithAzure and WithBaseURL both set the base URL; use one")
	}
	keyVar := envAPIKey
	if cfg.azure != "" {
		keyVar = envAzureAPIKey
	}
	if !cfg.apiKeySet && !cfg.withoutKey {
		key := os.Getenv(keyVar)
		if key == "" {
			return fmt.Errorf("%w: set %s or use WithAPIKey", ErrNoAPIKey, keyVar)
		}
		if err := checkHeaderValue(key); err != nil {
			return fmt.Errorf("client: %s: %w", keyVar, err)
		}
		cfg.cred.key = secret(key)
	}

	if cfg.azure != "" {
		// Azure takes its base URL from the endpoint and has no organizations
		// or projects: OPENAI_* variables meant for api.openai.com do not apply.
		cfg.baseURL = cfg.azure + "/openai/v1"
		return nil
	}
	if !cfg.baseURLSet {
		cfg.baseURL = DefaultBaseURL
		if s := os.Getenv(envBaseURL); s != "" {
			u, err := parseBaseURL(s)
			if err != nil {
				return fmt.Errorf("client: %s: %w", envBaseURL, err)
			}
			cfg.baseURL = u
		}
	}
	if !cfg.orgSet {
		cfg.org = os.Getenv(envOrg)
		if err := checkHeaderValue(cfg.org); err != nil {
			return fmt.Errorf("client: %s: %w", envOrg, err)
		}
	}
	if !cfg.projectSet {
		cfg.project = os.Getenv(envProject)
		if err := checkHeaderValue(cfg.project); err != nil {
			return fmt.Errorf("client: %s: %w", envProject, err)
		}
	}
	return nil
}
