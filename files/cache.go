package files

import "sync"

// A Cache remembers the ids of uploaded files by the SHA-256 of their
// content, so that [Documents] uploads a document once. Its methods must be
// safe for concurrent use. A cached id is trusted: a file deleted or
// expired since must be removed from the cache by its owner.
type Cache interface {
	// Load returns the id of the file stored under key, if any.
	Load(key string) (id string, ok bool)
	// Store stores id under key.
	Store(key, id string)
}

// MemoryCache is a [Cache] held in memory. Its zero value is empty and
// ready to use; it is safe for concurrent use.
type MemoryCache struct {
	m sync.Map // key → id
}

// Load implements [Cache].
func (c *MemoryCache) Load(key string) (string, bool) {
	v, ok := c.m.Load(key)
	if !ok {
		return "", false
	}
	return v.(string), true
}

// Store implements [Cache].
func (c *MemoryCache) Store(key, id string) { c.m.Store(key, id) }
