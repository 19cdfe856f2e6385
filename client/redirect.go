package client

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// redirectClient returns a copy of hc whose redirects carry to another
// origin none of the headers of the request but those that say nothing of
// the caller (see [anonymousHeader]). hc itself is not modified; its
// CheckRedirect, if any, still decides whether to follow, and may add
// headers of its own.
//
// net/http drops only Authorization and cookies, and only for another
// host that is not a subdomain: the Azure api-key header, WithHeader values,
// the OpenAI-Organization and OpenAI-Project headers, and the headers a call
// or a middleware adds (a gateway key, an Entra ID token under another name)
// would reach any host a server redirects to. Dropping all but a few, rather
// than the ones known to be secret, keeps also those whose names do not
// tell.
func redirectClient(hc *http.Client) *http.Client {
	cp := *hc
	check := hc.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if crossOrigin(req, via) {
			for k := range req.Header {
				if !anonymousHeader(k) {
					delete(req.Header, k)
				}
			}
		}
		if check != nil {
			return check(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects") // net/http's default
		}
		return nil
	}
	return &cp
}

// anonymousHeader reports whether the canonical header name k may follow a
// redirect to another origin: it describes the request, not who sends it.
func anonymousHeader(k string) bool {
	switch k {
	case "Accept", "Accept-Encoding", "Accept-Language", "Content-Type", "Content-Length", "User-Agent", "Referer":
		return true
	}
	return false
}

// crossOrigin reports whether req, or any request before it since the
// first, goes to an origin other than the first request's. Once a chain
// has left the origin, a redirect back to it is the other origin's choice,
// so the headers stay off.
func crossOrigin(req *http.Request, via []*http.Request) bool {
	if len(via) == 0 {
		return false
	}
	o := origin(via[0].URL)
	if origin(req.URL) != o {
		return true
	}
	for _, r := range via[1:] {
		if origin(r.URL) != o {
			return true
		}
	}
	return false
}

// origin returns the scheme, host and port of u, with the scheme's default
// port made explicit, so that "https://h" and "https://h:443" are the same.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}
