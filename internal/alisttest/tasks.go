package alisttest

import (
	"sync"
	"time"
)

// Task states of the real servers.
const (
	TaskPending   = 0
	TaskRunning   = 1
	TaskSucceeded = 2
	TaskCanceling = 3
	TaskCanceled  = 4
	TaskErrored   = 5
	TaskFailing   = 6
	TaskFailed    = 7
)

// task is a background upload (As-Task), or a copy OpenList reports.
type task struct {
	id, name    string
	creator     string
	creatorRole int
	totalBytes  int64
	v362Roles   []int // v3.62: the creator's role ids

	// guarded by taskStore.mu
	state      int
	start, end time.Time
	errMsg     string

	done chan struct{} // closed when the task has finished
}

func newTask(name string, u *userRec, totalBytes int64) *task {
	return &task{
		id:          randomFrom(alphanumeric+"_-", 21),
		name:        name,
		creator:     u.Username,
		creatorRole: u.Role,
		v362Roles:   u.roleIDs,
		totalBytes:  totalBytes,
		done:        make(chan struct{}),
	}
}

type taskStore struct {
	mu   sync.Mutex
	list []*task
}

func (ts *taskStore) add(t *task) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.list = append(ts.list, t)
}

func (ts *taskStore) setRunning(t *task) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t.state, t.start = TaskRunning, time.Now().UTC()
}

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

// taskJSON renders a task in the flavour's shape.
func (s *Server) taskJSON(t *task) object {
	s.tasks.mu.Lock()
	defer s.tasks.mu.Unlock()
	o := object{{"id", t.id}, {"name", t.name}}
	if s.flavor != AListV338 {
		var role any = t.creatorRole
		if s.flavor == AListV362 {
			role = t.v362Roles
		}
		o = append(o, field{"creator", t.creator}, field{"creator_role", role})
	}
	// The real servers keep status "uploading" and progress 0 to the end.
	o = append(o, field{"state", t.state}, field{"status", "uploading"}, field{"progress", 0})
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

func (s *Server) tasksWhere(done bool) []object {
	s.tasks.mu.Lock()
	var picked []*task
	for _, t := range s.tasks.list {
		if finalState(t.state) == done {
			picked = append(picked, t)
		}
	}
	s.tasks.mu.Unlock()
	out := []object{}
	for _, t := range picked {
		out = append(out, s.taskJSON(t))
	}
	return out
}

func handleTasksDone(c *reqCtx) (any, error)   { return c.s.tasksWhere(true), nil }
func handleTasksUndone(c *reqCtx) (any, error) { return c.s.tasksWhere(false), nil }

func handleTaskInfo(c *reqCtx) (any, error) {
	tid := c.r.URL.Query().Get("tid")
	c.s.tasks.mu.Lock()
	var found *task
	for _, t := range c.s.tasks.list {
		if t.id == tid {
			found = t
		}
	}
	c.s.tasks.mu.Unlock()
	if found == nil {
		return nil, &apiError{404, "task not found"}
	}
	return c.s.taskJSON(found), nil
}

// WaitTasks blocks until every As-Task upload queued so far has finished.
func (s *Server) WaitTasks() {
	s.tasks.mu.Lock()
	list := append([]*task(nil), s.tasks.list...)
	s.tasks.mu.Unlock()
	for _, t := range list {
		<-t.done
	}
}
