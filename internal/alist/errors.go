package alist

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Error kinds a caller tests with errors.Is. Every *APIError unwraps to one of
// them, so callers never match on the servers' wordings, which differ by version.
var (
	ErrNotFound           = errors.New("not found")
	ErrPermissionDenied   = errors.New("permission denied")
	ErrNotAdmin           = fmt.Errorf("the account is not an admin: %w", ErrPermissionDenied) // an /api/admin route refused a non-admin
	ErrInUse              = errors.New("still in use")                                         // v3.62: a storage a user or role points into
	ErrUnauthorized       = errors.New("unauthorized")
	ErrInvalidCredentials = errors.New("invalid credentials")
	ErrOTP                = errors.New("invalid or missing 2FA code")
	ErrLockedOut          = errors.New("locked out after too many failed logins")
	ErrAlreadyExists      = errors.New("already exists")
	ErrParentIsFile       = errors.New("a parent folder is a file")
	ErrNotFolder          = errors.New("not a folder") // a folder was expected: Walk of a file
	ErrBadRequest         = errors.New("bad request")
	ErrServer             = errors.New("server error")
	ErrNotAPI             = errors.New("not an AList API")
	ErrSessionExpired     = errors.New("session no longer valid")

	// ErrServerUnavailable: the server was stopping, starting or reloading
	// its storages and answered without handling the call; retried like a
	// 502 and only seen once the retries are spent.
	ErrServerUnavailable = errors.New("server restarting or unavailable")

	// Copy task outcomes (TaskError). ErrTaskCanceled: someone canceled the
	// task on the server (the web UI's task list) or it stopped with the
	// server. ErrTaskLost: the server forgot the task before it ended
	// (AList v3.62 and OpenList forget every task when they restart, and an
	// admin may delete one) and the file is not at the destination.
	// ErrCopyUnverified: the account cannot see copy tasks (a non-admin on
	// AList before v3.62), and the file did not show at the destination
	// with the source's size and time in time.
	ErrTaskCanceled   = errors.New("copy task canceled on the server")
	ErrTaskLost       = errors.New("copy task forgotten by the server")
	ErrCopyUnverified = errors.New("copy not seen at the destination")
)

// APIError is an answer whose envelope carried a non-200 code. Message is the
// server's own text, kept so that users can search for it.
type APIError struct {
	Op      string // e.g. "fs/get"
	Path    string // the remote path concerned, if any
	Code    int    // the envelope's code (the HTTP status is always 200)
	Message string
	Kind    error
	// Data is the envelope's data, which some refusals fill: a storage
	// whose driver failed to start still has its id there.
	Data json.RawMessage
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	if e.Path != "" {
		fmt.Fprintf(&b, " %q", e.Path)
	}
	fmt.Fprintf(&b, ": %s (AList code %d: %q)", e.Kind, e.Code, e.Message)
	return b.String()
}

func (e *APIError) Unwrap() error { return e.Kind }

// LoginError is a login that failed for a reason retrying cannot fix. The
// session remembers it and never sends another login, because AList locks the
// client's IP out after 5 failures.
type LoginError struct {
	Username string
	Err      *APIError
}

func (e *LoginError) Error() string {
	switch {
	case errors.Is(e.Err, ErrLockedOut):
		return fmt.Sprintf("login as %q refused: the server has locked this client's IP out after too many failed sign-ins (server said %q). "+
			"AList blocks an IP for 5 minutes after 5 failures and every further attempt restarts the 5 minutes: wait at least 5 minutes without retrying, then check the credentials",
			e.Username, e.Err.Message)
	case errors.Is(e.Err, ErrOTP):
		return fmt.Sprintf("login as %q failed: the 2FA code was missing or wrong (server said %q). "+
			"A typed OTP code is valid for about a minute only; configure the TOTP secret instead so that a fresh code is derived at login. "+
			"No second attempt was made: AList locks the client IP out for 5 minutes after 5 failed logins",
			e.Username, e.Err.Message)
	default:
		return fmt.Sprintf("login as %q failed: the server rejected the username or password (server said %q). "+
			"Check the credentials; no second attempt was made, because AList locks the client IP out for 5 minutes after 5 failed logins",
			e.Username, e.Err.Message)
	}
}

func (e *LoginError) Unwrap() error { return e.Err }

// PriorLoginError is what every call gets after the session's login failed
// for good: short, so that Terraform shows the full LoginError once and a
// pointer to it for each other resource.
type PriorLoginError struct{ Login *LoginError }

func (e *PriorLoginError) Error() string {
	return fmt.Sprintf("not attempted: the login as %q failed earlier in this run (%s; see that error) and is not retried", e.Login.Username, e.Login.Err.Kind)
}

func (e *PriorLoginError) Unwrap() error { return e.Login }

// TaskError is a copy that the server accepted and that then failed in its
// task, was canceled or lost, or could not be confirmed. Message is the
// task's own error text ("" when there is none to tell).
type TaskError struct {
	TaskID  string // "" when no task could be followed
	Src     string // the source file's path, as sent
	DstDir  string // the destination folder, as sent
	Message string
	Kind    error
}

func (e *TaskError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "copy of %q to %q: %s", e.Src, e.DstDir, e.Kind)
	if e.TaskID != "" {
		fmt.Fprintf(&b, " (task %s", e.TaskID)
		if e.Message != "" {
			fmt.Fprintf(&b, ", server said %q", e.Message)
		}
		b.WriteString(")")
	}
	switch {
	case errors.Is(e.Kind, ErrTaskCanceled):
		b.WriteString(": the task was canceled on the server (in the web UI's task list, or by a server stopping); apply again to copy it")
	case errors.Is(e.Kind, ErrTaskLost):
		b.WriteString(": the server no longer knows the task (AList v3.62 and OpenList forget their tasks when they restart) and the file is not at the destination; apply again to copy it")
	case errors.Is(e.Kind, ErrCopyUnverified):
		b.WriteString(": this account cannot see copy tasks on this server (a non-admin on AList before v3.62), so the task's own error is unknown; " +
			"check that the source still exists and that no file is in the way at the destination, or copy as an admin to see the server's error")
	case errors.Is(e.Kind, ErrParentIsFile):
		b.WriteString(": a file at the destination is in the way of a folder the copy needs; remove or rename it")
	case errors.Is(e.Kind, ErrNotFound):
		b.WriteString(": the source is gone, or the destination storage is no longer mounted")
	}
	return b.String()
}

func (e *TaskError) Unwrap() error { return e.Kind }

// classifyTask maps a task that ended without success to an error kind:
// canceled (state 4, or AList v3.38 and v3.62's "context canceled" failure
// of a task canceled while it ran), else as an API message would be.
func classifyTask(state int, msg string) error {
	if state == TaskCanceled || strings.Contains(strings.ToLower(msg), "context canceled") {
		return ErrTaskCanceled
	}
	return classify(500, msg)
}

// transientTaskMessage reports whether a failed task's error text says
// that a storage or the network failed for a while (a remote drive timing
// out, resetting the connection, rate-limiting), so that copying again
// later may work. The server already ran the task three times in a row.
func transientTaskMessage(msg string) bool {
	m := strings.ToLower(msg)
	for _, s := range []string{"timeout", "timed out", "deadline exceeded", "connection reset", "connection refused",
		"broken pipe", "unexpected eof", "too many requests", "temporarily unavailable", "try again later",
		"bad gateway", "service unavailable", "gateway timeout", "database is closed"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// NotAPIError says the URL answered, but not as an AList API would.
type NotAPIError struct {
	URL         string
	ContentType string
	Status      int
}

func (e *NotAPIError) Error() string {
	what := "got " + e.ContentType
	if strings.Contains(e.ContentType, "html") {
		what = "got an HTML page"
	}
	if e.Status != 200 {
		what += fmt.Sprintf(", HTTP %d", e.Status)
	}
	return fmt.Sprintf("the server at %s did not answer as an AList API (%s): check `url` (it must be the AList site's base URL, including any path prefix of a reverse proxy)", e.URL, what)
}

func (e *NotAPIError) Unwrap() error { return ErrNotAPI }

// diskPathError matches an operating-system error the server passes on as
// its message, "rename <disk path> <disk path>: file exists" (AList v3.38
// renaming onto an existing folder), alone or after a prefix of its own.
var diskPathError = regexp.MustCompile(`(^|: )(rename|open|mkdir|remove|unlinkat|lstat|stat|readdirent|symlink|link|chtimes|chmod|truncate|write|read|close) ` +
	"((?:/|[A-Za-z]:[\\\\/]).*?): ")

// hideDiskPaths removes the server's own file-system paths from a message:
// they say where the storage lives on the server's disk, which the caller
// has no business knowing (nor does a log or a CI output).
func hideDiskPaths(msg string) string {
	return diskPathError.ReplaceAllString(msg, "${1}${2} <server disk path>: ")
}

// classify maps an envelope's code and message to an error kind. The three
// server lines word the same conditions differently; all known wordings are here.
func classify(code int, msg string) error {
	m := strings.ToLower(msg)
	switch {
	case code == 429:
		return ErrLockedOut
	case code == 402:
		return ErrOTP
	case serverUnavailable(code, m):
		return ErrServerUnavailable
	case code == 401:
		if sessionExpired(m) {
			return ErrSessionExpired
		}
		return ErrUnauthorized
	case strings.Contains(m, "failed to make dir"), strings.Contains(m, "not a folder"):
		return ErrParentIsFile
	case strings.Contains(m, "object not found"), strings.Contains(m, "storage not found"),
		strings.Contains(m, "record not found"), strings.Contains(m, "not found") && code == 404:
		return ErrNotFound
	case strings.HasSuffix(m, "exists") && (code == 403 || code == 500), uniqueViolation(m),
		// a share id taken: v3.62 "share link already exists" (400),
		// OpenList "sharing already exist" (500)
		strings.Contains(m, "share link already exists"), strings.Contains(m, "sharing already exist"):
		return ErrAlreadyExists
	case code == 403 && strings.Contains(m, "not an admin"):
		return ErrNotAdmin
	case strings.Contains(m, "please cancel usage first"):
		return ErrInUse
	case code == 403:
		return ErrPermissionDenied
	case code == 400:
		return ErrBadRequest
	default:
		return ErrServer
	}
}

// uniqueViolation: the database refused a duplicate key. The wording is the
// database driver's: SQLite "UNIQUE constraint
// failed", MySQL "Duplicate entry", PostgreSQL "duplicate key value".
func uniqueViolation(lowerMsg string) bool {
	return strings.Contains(lowerMsg, "unique constraint") || strings.Contains(lowerMsg, "duplicate entry") ||
		strings.Contains(lowerMsg, "duplicate key")
}

// serverUnavailable reports whether an answer says the server was not in a
// state to handle the call, so that the same call may
// succeed a moment later:
//   - "Loading storage, please wait": the StoragesLoaded middleware of v3.38
//     and v3.62 while storages load (at start, after storage/load_all), always
//     code 500, before any authentication or handler;
//   - "sql: database is closed": a server shutting down. It reaches whatever
//     touched the database, with that code's status: fs/get answers 500
//     ("failed select meta: …"), and by the servers' source the login handler
//     answers 400 ("failed find user: …") and the auth middleware 401, hence
//     any code here, and before the 401 cases.
func serverUnavailable(code int, lowerMsg string) bool {
	return strings.Contains(lowerMsg, "database is closed") ||
		code == 500 && strings.Contains(lowerMsg, "loading storage")
}

// sessionExpired reports whether a 401 message means a token that was once
// good stopped being so, which a fresh login can cure.
func sessionExpired(lowerMsg string) bool {
	for _, s := range []string{"token is expired", "token is invalidated", "password has been changed", "session inactive"} {
		if strings.Contains(lowerMsg, s) {
			return true
		}
	}
	return false
}

// credentialRejected reports whether a login answer means wrong username or password.
// v3.38 and v3.62 say so with 400, OpenList with 401; the username-missing
// validation error is a 400 too, and is also a credential problem.
func credentialRejected(code int) bool { return code == 400 || code == 401 }
