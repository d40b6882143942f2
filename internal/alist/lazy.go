package alist

import (
	"context"
	"errors"
	"sync"
)

// lazy holds a value a session asks the server for once, on first need
// (server info, the account): concurrent callers share one computation; a
// failure is not kept, so the next caller tries again; a caller whose
// context ends stops waiting without failing the others.
type lazy[T any] struct {
	mu   sync.Mutex
	val  T
	ok   bool
	call *lazyCall[T]
}

type lazyCall[T any] struct {
	done      chan struct{}
	val       T
	err       error
	abandoned bool // the caller that ran it gave up (its context ended)
}

func (l *lazy[T]) get(ctx context.Context, fn func(context.Context) (T, error)) (T, error) {
	for {
		l.mu.Lock()
		if l.ok {
			v := l.val
			l.mu.Unlock()
			return v, nil
		}
		if c := l.call; c != nil {
			l.mu.Unlock()
			select {
			case <-c.done:
				if c.err != nil && c.abandoned && ctx.Err() == nil {
					continue // its failure was its caller's cancellation, not the server's answer
				}
				return c.val, asWaiter(c.err)
			case <-ctx.Done():
				var zero T
				return zero, ctx.Err()
			}
		}
		c := &lazyCall[T]{done: make(chan struct{})}
		l.call = c
		l.mu.Unlock()

		c.val, c.err = fn(ctx)
		c.abandoned = ctx.Err() != nil

		l.mu.Lock()
		l.call = nil
		if c.err == nil {
			l.val, l.ok = c.val, true
		}
		l.mu.Unlock()
		close(c.done)
		return c.val, c.err
	}
}

// asWaiter is a shared call's error as the callers that waited for it see
// it: a login the server rejected is explained in full once, to the caller
// that sent it, and pointed to from every other (see PriorLoginError).
func asWaiter(err error) error {
	var le *LoginError
	if errors.As(err, &le) {
		return &PriorLoginError{Login: le}
	}
	return err
}
