package alist

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
)

// HashDownload fetches a raw_url (which carries its own sign, so no token is
// sent) and returns the hex SHA-256 of its bytes. It fails unless exactly
// size bytes arrive, which also rules out a JSON error envelope in their place.
func (s *Session) HashDownload(ctx context.Context, rawURL string, size int64) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("User-Agent", s.cfg.UserAgent)
	resp, err := s.http.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("download: HTTP %d", resp.StatusCode)
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(resp.Body, size+1))
	if err != nil {
		return "", err
	}
	if n != size {
		return "", fmt.Errorf("download: got %d bytes, expected %d", n, size)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
