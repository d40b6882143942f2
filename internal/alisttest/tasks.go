package alisttest

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Task states of the real servers (tache).
const (
	TaskPending      = 0
	TaskRunning      = 1
	TaskSucceeded    = 2
	TaskCanceling    = 3
	TaskCanceled     = 4
	TaskErrored      = 5
	TaskFailing      = 6
	TaskFailed       = 7
	TaskWaitingRetry = 8
	TaskBeforeRetry  = 9
)

// Task kinds, the <type> of /api/admin/task/<type>/... .
const (
	kindUpload = "upload"
	kindCopy   = "copy"
)

// copyMaxRetry: a failed copy run is retried at once this many times
// (3 runs in all) before the task fails; config tasks.copy.max_retry.
const copyMaxRetry = 2

// v338CopyWorkers: v3.38 runs this many copy tasks at once (config
// tasks.copy.workers, read at start; there is no setting).
const v338CopyWorkers = 5

// errContextCanceled is the error a canceled task ends with.
var errContextCanceled = errors.New("context canceled")

// task is a background upload (As-Task) or a copy task.
type task struct {
	id, name    string
	kind        string
	creator     string
	creatorRole int
	v362Roles   []int // v3.62: the creator's role ids
	job         *copyJob

	// guarded by taskStore.mu
	state      int
	status     string
	progress   float64
	totalBytes int64
	start, end time.Time
	errMsg     string
	canceled   bool               // cancel asked while pending or running
	stop       context.CancelFunc // cancels the running copy
	gone       bool               // deleted or forgotten: its worker leaves no trace
	restarted  bool               // v3.38: stopped by a restart, queued again by the new process

	done chan struct{} // uploads: closed when the task has finished
}

func newTask(kind, name string, u *userRec, totalBytes int64) *task {
	return &task{
		id:          newTaskID(),
		kind:        kind,
		name:        name,
		creator:     u.Username,
		creatorRole: u.Role,
		v362Roles:   u.roleIDs,
		totalBytes:  totalBytes,
		done:        make(chan struct{}),
	}
}

// taskStore holds every task, upload and copy, and the copy queue. The
// real servers keep tasks in maps: their lists come in random order, and
// so do this server's.
// newTaskID is a task id as tache makes them: 21 characters of nanoid.
func newTaskID() string { return randomFrom(alphanumeric+"_-", 21) }

// child is a task t queues on behalf of its creator (a folder's entry).
func (t *task) child(name string) *task {
	return &task{id: newTaskID(), kind: t.kind, name: name, creator: t.creator, creatorRole: t.creatorRole,
		v362Roles: t.v362Roles, done: make(chan struct{})}
}

type taskStore struct {
	mu      sync.Mutex
	list    []*task
	byID    map[string]*task        // the list's tasks: info finds one at once, as the real servers' maps do
	queue   []*task                 // copy tasks waiting for a worker, oldest first
	running int                     // copy workers busy
	stalls  map[*task]chan struct{} // of those, the ones StallCopy holds, until their channel closes
}

func (ts *taskStore) add(t *task) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.appendLocked(t)
}

func (ts *taskStore) appendLocked(t *task) {
	if ts.byID == nil {
		ts.byID = map[string]*task{}
	}
	ts.list = append(ts.list, t)
	ts.byID[t.id] = t
}

func (ts *taskStore) setRunning(t *task) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t.state, t.start = TaskRunning, time.Now().UTC()
}

// finish ends an upload task.
func (ts *taskStore) finish(t *task, err error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t.state, t.end = TaskSucceeded, time.Now().UTC()
	if t.start.IsZero() {
		t.start = t.end
	}
	if err != nil {
		t.state, t.errMsg = TaskFailed, err.Error()
	}
	close(t.done)
}

func finalState(state int) bool {
	return state == TaskSucceeded || state == TaskCanceled || state == TaskFailed
}

// removeLocked takes t out of the list and the queue.
func (ts *taskStore) removeLocked(t *task) {
	if ts.byID[t.id] == t {
		delete(ts.byID, t.id)
	}
	for i, x := range ts.list {
		if x == t {
			ts.list = append(ts.list[:i:i], ts.list[i+1:]...)
			break
		}
	}
	ts.dequeueLocked(t)
}

func (ts *taskStore) dequeueLocked(t *task) {
	for i, x := range ts.queue {
		if x == t {
			ts.queue = append(ts.queue[:i:i], ts.queue[i+1:]...)
			return
		}
	}
}

// taskJSON renders a task in the flavour's shape (TaskInfo).
func (s *Server) taskJSON(t *task) object {
	s.tasks.mu.Lock()
	defer s.tasks.mu.Unlock()
	return s.taskJSONLocked(t)
}

func (s *Server) taskJSONLocked(t *task) object {
	o := object{{"id", t.id}, {"name", t.name}}
	if s.flavor != AListV338 {
		var role any = t.creatorRole
		if s.flavor == AListV362 {
			role = t.v362Roles
		}
		o = append(o, field{"creator", t.creator}, field{"creator_role", role})
	}
	o = append(o, field{"state", t.state}, field{"status", t.status}, field{"progress", t.progress})
	if s.flavor != AListV338 {
		o = append(o, field{"start_time", timeOrNil(t.start)}, field{"end_time", timeOrNil(t.end)},
			field{"total_bytes", t.totalBytes})
	}
	return append(o, field{"error", t.errMsg})
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// taskTypes are the <type>s of the task routes per flavour; only upload
// and copy ever hold tasks here.
func (f Flavor) taskTypes() []string {
	types := []string{kindUpload, kindCopy, "offline_download", "offline_download_transfer"}
	switch f {
	case AListV362:
		types = append(types, "decompress", "decompress_upload", "s3_transition")
	case OpenListV4:
		types = append(types, "move", "decompress", "decompress_upload")
	}
	return types
}

// taskRoutes adds the task routes: /api/admin/task/<type>/... on every
// flavour (admins only) and, on v3.62 and OpenList, /api/task/<type>/...
// for any non-guest, who sees only his own tasks there. v3.38 has no
// user routes (the web UI's page answers) nor the *_some calls.
func (s *Server) taskRoutes(rt map[string]route) {
	type action struct {
		name    string
		methods []string
		h       func(*reqCtx, string) (any, error)
		some    bool // v3.62 and OpenList only
	}
	actions := []action{
		{"done", get, handleTasksDone, false},
		{"undone", get, handleTasksUndone, false},
		{"info", post, handleTaskInfo, false},
		{"cancel", post, handleTaskCancel, false},
		{"delete", post, handleTaskDelete, false},
		{"retry", post, handleTaskRetry, false},
		{"clear_done", post, handleTaskClearDone, false},
		{"clear_succeeded", post, handleTaskClearSucceeded, false},
		{"retry_failed", post, handleTaskRetryFailed, false},
		{"cancel_some", post, handleTaskCancelSome, true},
		{"delete_some", post, handleTaskDeleteSome, true},
		{"retry_some", post, handleTaskRetrySome, true},
	}
	prefixes := []string{"/api/admin/task/"}
	if s.flavor != AListV338 {
		prefixes = append(prefixes, "/api/task/")
	}
	for _, typ := range s.flavor.taskTypes() {
		for _, a := range actions {
			if a.some && s.flavor == AListV338 {
				continue
			}
			for _, pre := range prefixes {
				kind, h := typ, a.h
				rt[pre+typ+"/"+a.name] = route{methods: a.methods, auth: true, admin: pre == "/api/admin/task/",
					h: func(c *reqCtx) (any, error) {
						if c.user.isGuest() {
							return nil, &apiError{403, "You are a guest"}
						}
						return h(c, kind)
					}}
			}
		}
	}
}

// sees tells whether the caller may see t: an admin sees every task, a
// user his own.
func (c *reqCtx) sees(t *task) bool { return c.user.isAdmin() || t.creator == c.user.Username }

// visibleLocked returns the caller's tasks of a kind that match keep, in random
// order.
func (c *reqCtx) visibleLocked(kind string, keep func(*task) bool) []*task {
	ts := &c.s.tasks
	var out []*task
	for _, t := range ts.list {
		if t.kind == kind && c.sees(t) && keep(t) {
			out = append(out, t)
		}
	}
	rand.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func (c *reqCtx) taskList(kind string, done bool) []object {
	ts := &c.s.tasks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	out := []object{}
	for _, t := range c.visibleLocked(kind, func(t *task) bool { return finalState(t.state) == done }) {
		out = append(out, c.s.taskJSONLocked(t))
	}
	return out
}

func handleTasksDone(c *reqCtx, kind string) (any, error)   { return c.taskList(kind, true), nil }
func handleTasksUndone(c *reqCtx, kind string) (any, error) { return c.taskList(kind, false), nil }

var errTaskNotFound = &apiError{404, "task not found"}

// findLocked is the caller's task tid of a kind, or nil.
func (c *reqCtx) findLocked(kind, tid string) *task {
	if t := c.s.tasks.byID[tid]; t != nil && t.kind == kind && c.sees(t) {
		return t
	}
	return nil
}

func handleTaskInfo(c *reqCtx, kind string) (any, error) {
	ts := &c.s.tasks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t := c.findLocked(kind, c.r.URL.Query().Get("tid"))
	if t == nil {
		return nil, errTaskNotFound
	}
	return c.s.taskJSONLocked(t), nil
}

// onOne applies op to the task named by ?tid. v3.38 answers success for
// an unknown tid; the others 404.
func (c *reqCtx) onOne(kind string, op func(*task)) (any, error) {
	ts := &c.s.tasks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t := c.findLocked(kind, c.r.URL.Query().Get("tid"))
	if t == nil {
		if c.s.flavor == AListV338 {
			return nil, nil
		}
		return nil, errTaskNotFound
	}
	op(t)
	return nil, nil
}

// onSome applies op to the tasks of a bare JSON array of tids and answers
// the tids it did not find: {"tid":"task not found"}.
func (c *reqCtx) onSome(kind string, op func(*task)) (any, error) {
	var tids []string
	if err := json.NewDecoder(c.r.Body).Decode(&tids); err != nil {
		return nil, &apiError{400, "invalid request format"}
	}
	ts := &c.s.tasks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	missing := object{}
	for _, tid := range tids {
		if t := c.findLocked(kind, tid); t != nil {
			op(t)
		} else {
			missing = append(missing, field{tid, "task not found"})
		}
	}
	return missing, nil
}

// onEach applies op to the caller's tasks that match keep.
func (c *reqCtx) onEach(kind string, keep func(*task) bool, op func(*task)) (any, error) {
	ts := &c.s.tasks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for _, t := range c.visibleLocked(kind, keep) {
		op(t)
	}
	return nil, nil
}

func handleTaskCancel(c *reqCtx, kind string) (any, error) { return c.onOne(kind, c.s.cancelLocked) }
func handleTaskDelete(c *reqCtx, kind string) (any, error) { return c.onOne(kind, c.s.deleteLocked) }
func handleTaskRetry(c *reqCtx, kind string) (any, error)  { return c.onOne(kind, c.s.retryLocked) }

func handleTaskCancelSome(c *reqCtx, kind string) (any, error) {
	return c.onSome(kind, c.s.cancelLocked)
}
func handleTaskDeleteSome(c *reqCtx, kind string) (any, error) {
	return c.onSome(kind, c.s.deleteLocked)
}
func handleTaskRetrySome(c *reqCtx, kind string) (any, error) { return c.onSome(kind, c.s.retryLocked) }

func handleTaskClearDone(c *reqCtx, kind string) (any, error) {
	return c.onEach(kind, func(t *task) bool { return finalState(t.state) }, c.s.deleteLocked)
}

func handleTaskClearSucceeded(c *reqCtx, kind string) (any, error) {
	return c.onEach(kind, func(t *task) bool { return t.state == TaskSucceeded }, c.s.deleteLocked)
}

func handleTaskRetryFailed(c *reqCtx, kind string) (any, error) {
	return c.onEach(kind, func(t *task) bool { return t.state == TaskFailed }, c.s.retryLocked)
}

// cancelLocked: a pending task is canceling (3) until a worker takes it,
// then canceled (4); a running one is canceling until its work returns.
// A finished task: AList parks it at canceling for ever (listed as undone,
// left by clear_done); OpenList leaves it alone.
func (s *Server) cancelLocked(t *task) {
	switch {
	case t.state == TaskCanceling:
	case finalState(t.state):
		if s.flavor != OpenListV4 {
			t.state = TaskCanceling
		}
	default:
		t.state, t.canceled = TaskCanceling, true
		if t.stop != nil {
			t.stop()
		}
	}
}

// deleteLocked removes a task; a running copy is stopped and leaves no
// trace in the lists.
func (s *Server) deleteLocked(t *task) {
	s.tasks.removeLocked(t)
	t.gone = true
	if t.stop != nil {
		t.stop()
	}
}

// retryLocked runs a task again, whatever its state, succeeded included
// (the copy is made again): it waits for a worker as "waiting retry" (8)
// without its error, and its times change when it runs (tache's Retry).
// A queued or running task is left alone here (tache would queue it a
// second time), as is an upload, whose content is gone.
func (s *Server) retryLocked(t *task) {
	if t.kind != kindCopy || t.stop != nil || slices.Contains(s.tasks.queue, t) {
		return
	}
	t.state, t.errMsg, t.canceled = TaskWaitingRetry, "", false
	s.tasks.queue = append(s.tasks.queue, t)
	s.pumpLocked()
}

// copyWorkers is how many copy tasks run at once: the setting
// copy_task_threads_num, applied at once when saved (0 leaves every task
// pending), or v3.38's fixed 5.
func (s *Server) copyWorkers() int {
	if s.flavor == AListV338 {
		return v338CopyWorkers
	}
	n, err := strconv.Atoi(s.settings.value("copy_task_threads_num"))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// pumpCopies starts queued copy tasks while workers are free (after a
// setting change).
func (s *Server) pumpCopies() {
	s.tasks.mu.Lock()
	defer s.tasks.mu.Unlock()
	s.pumpLocked()
}

func (s *Server) pumpLocked() {
	ts := &s.tasks
	limit := s.copyWorkers()
	for ts.running < limit && len(ts.queue) > 0 {
		t := ts.queue[0]
		ts.queue = ts.queue[1:]
		if !s.busy.start() { // closed
			continue
		}
		ts.running++
		go s.work(t)
	}
}

// queueCopy adds a new copy task and starts it when a worker is free.
func (s *Server) queueCopy(t *task) {
	ts := &s.tasks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.appendLocked(t)
	ts.queue = append(ts.queue, t)
	s.pumpLocked()
}

// work runs one copy task on a worker: up to 1+copyMaxRetry runs while it
// fails. A task canceled while pending ends canceled without running
// (start_time stays null); one canceled while running ends failed with
// "context canceled" on AList, canceled on OpenList.
func (s *Server) work(t *task) {
	defer s.busy.done()
	ts := &s.tasks
	ts.mu.Lock()
	if t.canceled || t.gone {
		t.state, t.errMsg = TaskCanceled, errContextCanceled.Error()
		s.workerDoneLocked()
		ts.mu.Unlock()
		return
	}
	ctx, stop := context.WithCancel(s.ctx)
	t.stop = stop
	t.state, t.start, t.end, t.errMsg = TaskRunning, time.Now().UTC(), time.Time{}, ""
	ts.mu.Unlock()

	var err error
	for run := 0; run <= copyMaxRetry; run++ {
		if err = s.runCopy(ctx, t); err == nil || ctx.Err() != nil {
			break
		}
	}
	stop()

	ts.mu.Lock()
	defer ts.mu.Unlock()
	t.stop = nil
	defer s.workerDoneLocked()
	switch {
	case t.gone:
	case t.restarted && t.canceled: // v3.38: restored as canceled
		t.restarted, t.state, t.errMsg, t.status = false, TaskCanceled, errContextCanceled.Error(), ""
	case t.restarted: // v3.38: the new process runs it again
		t.restarted, t.state, t.start = false, TaskPending, time.Time{}
		ts.queue = append(ts.queue, t)
	case t.canceled:
		t.end, t.errMsg = time.Now().UTC(), errContextCanceled.Error()
		t.state = TaskFailed
		if s.flavor == OpenListV4 {
			t.state = TaskCanceled
		}
	case err != nil:
		t.state, t.end, t.errMsg = TaskFailed, time.Now().UTC(), err.Error()
	default:
		t.state, t.end = TaskSucceeded, time.Now().UTC()
	}
}

func (s *Server) workerDoneLocked() {
	s.tasks.running--
	s.pumpLocked()
}

// setStatus sets a running task's status text, which the real servers
// never reset: a finished task shows the last step it reached.
func (s *Server) setStatus(t *task, status string) {
	s.tasks.mu.Lock()
	defer s.tasks.mu.Unlock()
	t.status = status
}

// restartTasks is what a restart does to the copy tasks. v3.38 persists
// them: finished ones come back with an empty status and error (a failed
// task keeps its state), canceling ones as canceled with "context
// canceled", unfinished ones run again (tache's Add on recovery). v3.62
// and OpenList forget them. Uploads stay (not imitated).
func (s *Server) restartTasks() {
	if s.flavor != AListV338 {
		s.ForgetCopyTasks()
		return
	}
	ts := &s.tasks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	for _, t := range ts.list {
		switch {
		case t.kind != kindCopy:
		case t.stop != nil: // running: stopped, then canceled or queued again
			t.restarted = true
			t.stop()
		case t.state == TaskCanceling:
			ts.dequeueLocked(t)
			t.state, t.errMsg, t.status = TaskCanceled, errContextCanceled.Error(), ""
		case finalState(t.state):
			t.status, t.errMsg = "", ""
		}
	}
}

// ForgetCopyTasks drops every copy task, as a restart of v3.62 or
// OpenList does (Restart does it on those flavours); a running one stops
// without writing.
func (s *Server) ForgetCopyTasks() {
	s.tasks.mu.Lock()
	defer s.tasks.mu.Unlock()
	for _, t := range slices.Clone(s.tasks.list) {
		if t.kind == kindCopy {
			s.deleteLocked(t)
		}
	}
}

// WaitCopyTasks blocks until no copy task can make progress: every one
// has finished, is held by StallCopy, or waits for a worker that
// copy_task_threads_num does not give.
func (s *Server) WaitCopyTasks() {
	for {
		ts := &s.tasks
		ts.mu.Lock()
		held := 0
		for _, ch := range ts.stalls {
			select {
			case <-ch: // released, about to go on
			default:
				held++
			}
		}
		settled := ts.running == held && (len(ts.queue) == 0 || ts.running >= s.copyWorkers())
		ts.mu.Unlock()
		if settled || s.ctx.Err() != nil {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// WaitTasks blocks until every As-Task upload queued so far has finished.
func (s *Server) WaitTasks() {
	s.tasks.mu.Lock()
	var list []*task
	for _, t := range s.tasks.list {
		if t.kind == kindUpload {
			list = append(list, t)
		}
	}
	s.tasks.mu.Unlock()
	for _, t := range list {
		<-t.done
	}
}
