package alist

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strconv"
	"sync"
	"time"
)

// CopyFile is a file to copy, as the source's listing shows it. Size and
// Modified are what the destination must show once the copy is made, where
// no task can tell (see Copier).
type CopyFile struct {
	Name     string
	Size     int64
	Modified time.Time // zero: the destination's time is not compared
}

// CopyBatch is files of one source folder to copy into one destination
// folder, which need not exist on another storage (the copy makes it) but
// must exist on the source's storage.
type CopyBatch struct {
	SrcDir, DstDir string
	Files          []CopyFile
}

// CopyOutcome is what became of one file.
type CopyOutcome struct {
	SrcDir, DstDir string
	File           CopyFile
	// Err is nil when the file was copied; else the last failure: an
	// *APIError when fs/copy refused it, a *TaskError when its task failed
	// or could not be followed, or the context's error when the copy was
	// not finished in time (a task may still run on the server then).
	Err      error
	Attempts int    // fs/copy calls that carried the file
	TaskID   string // its last task; "" when the server copied it at once
	// Verified: the copy was confirmed by listing the destination, because
	// its task could not be followed.
	Verified bool
}

// CopierOptions tune a Copier; zero values take the defaults.
type CopierOptions struct {
	// Overwrite is sent with every fs/copy. Without it AList v3.62 and
	// OpenList refuse a file that exists at the destination; v3.38 always
	// overwrites.
	Overwrite bool
	// Concurrency is how many files may be in flight (queued on the server
	// and not yet seen ended) at once, whatever their size. Default: the
	// server's copy concurrency (CopyConcurrency), plus the files that
	// QueueBytes lets wait in the server's queue.
	Concurrency int
	// QueueBytes lets more files than Concurrency be in flight, queued on
	// the server behind the running ones, while the files in flight hold
	// at most this many bytes (and number at most Concurrency+256): small
	// files are then copied back to back instead of each waiting for the
	// copier's next look, while what a restart loses (the copier copies
	// it again) and what a storage disabled meanwhile still receives stay
	// small. Default DefaultCopyQueueBytes when Concurrency is the
	// default, else none; negative: none.
	QueueBytes int64
	// PollInterval is the longest wait between two looks at the tasks
	// (default 1s); FirstPoll is the first wait after a change (default
	// 5ms), doubled at each look that finds nothing new.
	PollInterval, FirstPoll time.Duration
	// Attempts is how many times a file is sent to fs/copy when copying
	// fails for a reason that may pass (default 3).
	Attempts int
	// StallTimeout is how long a file whose task cannot be seen may show no
	// change at the destination before it is reported failed (default 2m).
	StallTimeout time.Duration
	// RefreshListings makes the destination listings that confirm a copy
	// bypass the server's cache (needs write permission): storages that
	// cache listings on AList v3.38 and v3.62 show copied files only then.
	RefreshListings bool
}

// Copier copies files with the server's own fs/copy and waits until each
// copy has ended, reporting per file. One Copier may run several Copy
// calls one after the other.
//
// It keeps at most Concurrency files in flight, sending the ready files of
// one folder pair in one fs/copy. It follows each queued task by its id (a
// task list comes in random order and may hold other copies of the same
// file): it lists the unfinished tasks and asks for those of its own that
// left that list; only a task's state counts (status and progress are
// stale). A task that failed for a reason that may pass, a task the server
// forgot (a restart) whose file is not at the destination, and an fs/copy
// whose answer was lost are copied again, up to Attempts times: a task is
// never retried on the server, which would copy a file that was copied
// already. A copy made at once (no task) is done when fs/copy answers.
// Where the account cannot see tasks (a non-admin on AList before v3.62) a
// copy is confirmed by listing the destination: the file is there with the
// source's size and modification time (which copies between storages keep).
type Copier struct {
	s           *Session
	opts        CopierOptions
	info        ServerInfo
	basePath    string
	canSeeTasks bool
}

// Defaults of CopierOptions.
const (
	DefaultCopyPollInterval = time.Second
	DefaultCopyFirstPoll    = 5 * time.Millisecond
	DefaultCopyAttempts     = 3
	DefaultCopyStallTimeout = 2 * time.Minute
	// defaultCopyConcurrency is the servers' default: v3.38's config file
	// (tasks.copy.workers, which the API cannot read) and
	// copy_task_threads_num on v3.62 and OpenList.
	defaultCopyConcurrency = 5
	// DefaultCopyQueueBytes: a few seconds of copying for a cloud drive,
	// and a few hundred small files.
	DefaultCopyQueueBytes = 16 << 20
	// maxCopyQueue bounds the files queued beyond Concurrency (empty files
	// hold no bytes): each one the server forgets costs a lookup.
	maxCopyQueue = 256
)

// NewCopier reads what the copier needs to know of the server and the
// account (the dialect, the account's role and base path, the copy
// concurrency unless opts sets it).
func (s *Session) NewCopier(ctx context.Context, opts CopierOptions) (*Copier, error) {
	info, err := s.Info(ctx)
	if err != nil {
		return nil, err
	}
	me, err := s.CachedMe(ctx)
	if err != nil {
		return nil, err
	}
	if opts.Concurrency <= 0 {
		if opts.Concurrency, err = s.CopyConcurrency(ctx); err != nil {
			return nil, err
		}
		if opts.Concurrency == 0 {
			return nil, errors.New("the server's copy_task_threads_num setting is 0: copy tasks stay pending and never run. " +
				"Set it to the number of copies to run at once (5 by default) in the web UI (Settings, Task) or with an alist_setting resource")
		}
		if opts.QueueBytes == 0 {
			opts.QueueBytes = DefaultCopyQueueBytes
		}
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultCopyPollInterval
	}
	if opts.FirstPoll <= 0 {
		opts.FirstPoll = DefaultCopyFirstPoll
	}
	opts.FirstPoll = min(opts.FirstPoll, opts.PollInterval)
	if opts.Attempts <= 0 {
		opts.Attempts = DefaultCopyAttempts
	}
	if opts.StallTimeout <= 0 {
		opts.StallTimeout = DefaultCopyStallTimeout
	}
	return &Copier{s: s, opts: opts, info: info, basePath: me.BasePath,
		canSeeTasks: info.UserTaskRoutes() || me.IsAdmin()}, nil
}

// CopyConcurrency is how many copy tasks the server runs at once: the
// setting copy_task_threads_num on AList v3.62 and OpenList, read when the
// account is an admin (0 means tasks never start); else, and on v3.38
// (whose config file sets it, 5 by default), 5.
func (s *Session) CopyConcurrency(ctx context.Context) (int, error) {
	st, err := s.Setting(ctx, "copy_task_threads_num")
	switch {
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrPermissionDenied):
		return defaultCopyConcurrency, nil
	case err != nil:
		return 0, err
	}
	n, err := strconv.Atoi(st.Value)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("the server's copy_task_threads_num setting is %q, not a number of tasks", st.Value)
	}
	return n, nil
}

// CanSeeTasks reports whether the copier follows tasks (else it confirms
// copies by listing the destination).
func (c *Copier) CanSeeTasks() bool { return c.canSeeTasks }

// Concurrency is the number of files the copier keeps in flight.
func (c *Copier) Concurrency() int { return c.opts.Concurrency }

// copyItem is one file on its way.
type copyItem struct {
	out       *CopyOutcome
	src, dst  string // placed paths: the source file, the destination folder
	notBefore time.Time
	solo      bool      // send alone: a call with others was refused as a whole
	sent      time.Time // when its last fs/copy was sent
	// confirming by listing: the last size and time seen, and when they changed
	seenSize int64
	seenMod  time.Time
	seenAt   time.Time
}

// copyRun is the state of one Copy call.
type copyRun struct {
	c          *Copier
	queue      []*copyItem
	inflight   map[string]*copyItem // by task id
	confirming []*copyItem          // no task to follow: watched at the destination
	pollErrAt  time.Time            // first of a run of failed polls
}

// Copy copies every file of batches and returns one outcome per file, in
// the batches' order. The error is the context's when it ended first; the
// outcomes then say which files were copied.
func (c *Copier) Copy(ctx context.Context, batches []CopyBatch) ([]CopyOutcome, error) {
	var n int
	for _, b := range batches {
		n += len(b.Files)
	}
	outs := make([]CopyOutcome, 0, n)
	for _, b := range batches {
		for _, f := range b.Files {
			outs = append(outs, CopyOutcome{SrcDir: b.SrcDir, DstDir: b.DstDir, File: f})
		}
	}
	r := &copyRun{c: c, inflight: map[string]*copyItem{}}
	for i := range outs {
		o := &outs[i]
		r.queue = append(r.queue, &copyItem{out: o,
			src: c.info.PlacedPath(c.basePath, path.Join(o.SrcDir, o.File.Name)),
			dst: c.info.PlacedPath(c.basePath, o.DstDir)})
	}
	wait := c.opts.FirstPoll
	for r.busy() {
		if r.start(ctx) {
			wait = c.opts.FirstPoll
		}
		if ctx.Err() != nil || !r.busy() {
			break
		}
		if len(r.inflight)+len(r.confirming) == 0 {
			// Only files waiting to be copied again: sleep until the first is due.
			wait = time.Until(r.nextDue())
		}
		if !sleep(ctx, wait) {
			break
		}
		if r.poll(ctx) {
			wait = c.opts.FirstPoll
		} else {
			wait = min(max(wait, c.opts.FirstPoll)*2, c.opts.PollInterval)
		}
	}
	if err := ctx.Err(); err != nil {
		r.abandon(fmt.Errorf("copy not confirmed before the deadline: %w", err))
		return outs, err
	}
	return outs, nil
}

func (r *copyRun) busy() bool {
	return len(r.queue)+len(r.inflight)+len(r.confirming) > 0
}

func (r *copyRun) nextDue() time.Time {
	var t time.Time
	for i, it := range r.queue {
		if i == 0 || it.notBefore.Before(t) {
			t = it.notBefore
		}
	}
	return t
}

func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// abandon fails every file still on its way with err.
func (r *copyRun) abandon(err error) {
	for _, it := range r.queue {
		it.out.Err = err
	}
	for _, it := range r.inflight {
		it.out.Err = err
	}
	for _, it := range r.confirming {
		it.out.Err = err
	}
	r.queue, r.inflight, r.confirming = nil, nil, nil
}

// load is the number of files in flight and the bytes they hold.
func (r *copyRun) load() (files int, bytes int64) {
	for _, it := range r.inflight {
		bytes += it.out.File.Size
	}
	for _, it := range r.confirming {
		bytes += it.out.File.Size
	}
	return len(r.inflight) + len(r.confirming), bytes
}

// fits reports whether a file of size may join files holding bytes in
// flight: always within Concurrency, beyond it while the queue's bounds
// allow (see QueueBytes).
func (r *copyRun) fits(files int, bytes, size int64) bool {
	o := r.c.opts
	return files < o.Concurrency || (o.QueueBytes > 0 && files < o.Concurrency+maxCopyQueue && bytes+size <= o.QueueBytes)
}

// start sends the files that are due, as many as fit in flight, one
// fs/copy per folder pair. It reports whether any file was sent.
func (r *copyRun) start(ctx context.Context) bool {
	sent := false
	now := time.Now()
	for ctx.Err() == nil {
		files, bytes := r.load()
		var group []*copyItem
		var rest []*copyItem
		for _, it := range r.queue {
			size := it.out.File.Size
			switch {
			case it.notBefore.After(now) || !r.fits(files, bytes, size):
				rest = append(rest, it)
			case len(group) == 0,
				!it.solo && !group[0].solo && it.out.SrcDir == group[0].out.SrcDir && it.out.DstDir == group[0].out.DstDir:
				group, files, bytes = append(group, it), files+1, bytes+size
			default:
				rest = append(rest, it)
			}
		}
		if len(group) == 0 {
			return sent
		}
		r.queue = rest
		r.send(ctx, group)
		sent = true
	}
	return sent
}

// send copies one group of files of the same folder pair.
func (r *copyRun) send(ctx context.Context, group []*copyItem) {
	names := make([]string, len(group))
	now := time.Now()
	for i, it := range group {
		names[i] = it.out.File.Name
		it.out.Attempts++
		it.sent, it.seenAt, it.seenSize, it.seenMod = now, now, -1, time.Time{}
		it.out.TaskID, it.out.Err = "", nil
	}
	o := group[0].out
	res, err := r.c.s.Copy(ctx, o.SrcDir, o.DstDir, r.c.opts.Overwrite, names...)
	var ae *APIError
	switch {
	case err == nil:
	case ctx.Err() != nil:
		r.queue = append(r.queue, group...) // abandoned by Copy's loop
		return
	case errors.As(err, &ae) && !errors.Is(err, ErrServerUnavailable):
		// The server judged the call. It refuses the whole call for one
		// name (an existing name, a missing source within one storage),
		// possibly after copying some of the names before it: send each
		// name alone to learn which.
		if len(group) > 1 {
			for _, it := range group {
				it.solo = true
				it.out.Attempts--
			}
			r.queue = append(group, r.queue...)
			return
		}
		r.fail(group[0], err)
		return
	default:
		// No verdict, or an answer lost on the way: whether anything was
		// queued is unknown, and copying again overwrites the same bytes.
		for _, it := range group {
			r.again(it, err)
		}
		return
	}
	for it, t := range matchTasks(group, res.Tasks) {
		switch {
		case t == nil && len(res.Tasks) == 0:
			it.out.Err = nil // copied at once
		case t == nil:
			// Tasks came back, but none for this file: confirm at the destination.
			r.confirming = append(r.confirming, it)
		default:
			it.out.TaskID = t.ID
			switch {
			case t.Done(): // OpenList may answer with the task already ended
				r.ended(it, t)
			case r.c.canSeeTasks:
				r.inflight[t.ID] = it
			default:
				r.confirming = append(r.confirming, it)
			}
		}
	}
}

// matchTasks pairs each file with its task, by the task's name: the source
// path and the destination folder, with the verb "copy" (OpenList's
// "merge" is a folder's). Names of an unknown shape are paired in order
// when as many tasks as files are left.
func matchTasks(group []*copyItem, tasks []CopyTask) map[*copyItem]*CopyTask {
	m := make(map[*copyItem]*CopyTask, len(group))
	used := make([]bool, len(tasks))
	for _, it := range group {
		m[it] = nil
		for i := range tasks {
			if !used[i] && taskNameIs(tasks[i].Name, "copy", it.src, it.dst) {
				m[it], used[i] = &tasks[i], true
				break
			}
		}
	}
	var items []*copyItem
	for _, it := range group {
		if m[it] == nil {
			items = append(items, it)
		}
	}
	var left []int
	for i, u := range used {
		if !u {
			left = append(left, i)
		}
	}
	if len(left) == len(items) {
		for k, it := range items {
			m[it] = &tasks[left[k]]
		}
	}
	return m
}

// ended records the end of a file's task.
func (r *copyRun) ended(it *copyItem, t *CopyTask) {
	if t.State == TaskSucceeded {
		it.out.Err = nil
		return
	}
	te := &TaskError{TaskID: t.ID, Src: path.Join(it.out.SrcDir, it.out.File.Name), DstDir: it.out.DstDir,
		Message: hideDiskPaths(t.Error), Kind: classifyTask(t.State, t.Error)}
	// No error text: AList v3.38 loses the text of failed tasks when it
	// restarts, so the cause is unknown; copy again.
	if te.Kind != ErrTaskCanceled && (transientTaskMessage(t.Error) || t.Error == "") {
		r.again(it, te)
		return
	}
	r.fail(it, te)
}

func (r *copyRun) fail(it *copyItem, err error) { it.out.Err = err }

// again queues a file to be copied again after a backoff, or fails it
// with err when its attempts are spent.
func (r *copyRun) again(it *copyItem, err error) {
	if it.out.Attempts >= r.c.opts.Attempts {
		r.fail(it, err)
		return
	}
	it.out.Err = err
	it.notBefore = time.Now().Add(backoff(it.out.Attempts-1, r.c.s.cfg.RetryMaxWait))
	r.queue = append(r.queue, it)
}

// taskErr is a TaskError about it, of kind kind.
func taskErr(it *copyItem, kind error) *TaskError {
	return &TaskError{TaskID: it.out.TaskID, Src: path.Join(it.out.SrcDir, it.out.File.Name), DstDir: it.out.DstDir, Kind: kind}
}

// poll looks at the tasks in flight and the files being confirmed, and
// reports whether any file ended or was sent.
func (r *copyRun) poll(ctx context.Context) bool {
	before := len(r.inflight) + len(r.confirming)
	var check []*copyItem // forgotten or canceling: is the file there?
	sent := false
	if len(r.inflight) > 0 {
		check, sent = r.pollTasks(ctx)
	}
	if ctx.Err() != nil {
		return false
	}
	if len(check)+len(r.confirming) > 0 {
		r.pollDestination(ctx, check)
	}
	return sent || len(r.inflight)+len(r.confirming) != before
}

// pollTasks lists the unfinished tasks, then asks for each task in flight
// that is no longer among them. It returns the files whose task the
// server forgot, or that stay "canceling" (which a canceled task that had
// succeeded does for ever on AList), to be looked for at the destination,
// and whether it sent more files.
func (r *copyRun) pollTasks(ctx context.Context) ([]*copyItem, bool) {
	undone, err := r.c.s.CopyTasks(ctx, false)
	if err != nil {
		r.pollFailed(ctx, err)
		return nil, false
	}
	state := make(map[string]int, len(undone))
	for _, t := range undone {
		state[t.ID] = t.State
	}
	var check []*copyItem
	var left []string // ended or forgotten: ask each
	for id, it := range r.inflight {
		st, ok := state[id]
		switch {
		case !ok:
			left = append(left, id)
		case st == TaskCanceling:
			check = append(check, it)
		}
	}
	// Tasks that left the undone list have ended, or the server forgot
	// them: either way they no longer hold a place in the server's queue.
	// The next files are sent before their ends are read, so that the
	// server's workers do not wait for the lookups.
	leaving := make([]*copyItem, len(left))
	for i, id := range left {
		leaving[i] = r.inflight[id]
		delete(r.inflight, id)
	}
	sent := r.start(ctx)
	tasks, errs := r.taskInfos(ctx, left)
	for i, id := range left {
		it := leaving[i]
		switch t, err := tasks[i], errs[i]; {
		case errors.Is(err, ErrNotFound): // forgotten: no longer in flight
			check = append(check, it)
		case err != nil:
			for _, it := range leaving[i:] {
				r.inflight[it.out.TaskID] = it
			}
			r.pollFailed(ctx, err)
			return check, sent
		case t.Done():
			r.ended(it, t)
		default: // listed late: still on its way
			r.inflight[id] = it
		}
	}
	r.pollErrAt = time.Time{}
	return check, sent
}

// infoParallel bounds the info requests of one look at the tasks.
const infoParallel = 8

// taskInfos asks for tasks by id, a few at once: every look waits for
// them.
func (r *copyRun) taskInfos(ctx context.Context, ids []string) ([]*CopyTask, []error) {
	tasks, errs := make([]*CopyTask, len(ids)), make([]error, len(ids))
	sem := make(chan struct{}, infoParallel)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			tasks[i], errs[i] = r.c.s.CopyTask(ctx, id)
		}()
	}
	wg.Wait()
	return tasks, errs
}

// pollFailed handles a task route that failed: a refusal means the
// account cannot see tasks after all (confirm at the destination); other
// failures are waited out up to StallTimeout, then fail the files in
// flight.
func (r *copyRun) pollFailed(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return
	}
	if errors.Is(err, ErrPermissionDenied) || errors.Is(err, ErrNotAPI) {
		r.c.canSeeTasks = false
		for id, it := range r.inflight {
			r.confirming = append(r.confirming, it)
			delete(r.inflight, id)
		}
		return
	}
	if r.pollErrAt.IsZero() {
		r.pollErrAt = time.Now()
	}
	if time.Since(r.pollErrAt) > r.c.opts.StallTimeout {
		for id, it := range r.inflight {
			r.fail(it, fmt.Errorf("cannot follow copy task %s: %w", id, err))
			delete(r.inflight, id)
		}
	}
}

// pollDestination lists the destination folders of check and of the files
// being confirmed, once each. A file of check that is there is copied;
// one whose task was forgotten and that is not there is copied again.
// A file being confirmed is copied once it is there, and fails when it
// showed no change for StallTimeout.
func (r *copyRun) pollDestination(ctx context.Context, check []*copyItem) {
	listings := map[string]map[string]*Object{} // nil: the listing failed
	look := func(it *copyItem) (*Object, bool) {
		dir := it.out.DstDir
		l, ok := listings[dir]
		if !ok {
			items, err := r.c.s.List(ctx, dir, ListOptions{Refresh: r.c.opts.RefreshListings})
			if err == nil || errors.Is(err, ErrNotFound) { // a folder the copy has yet to make is empty
				l = make(map[string]*Object, len(items))
				for i := range items {
					l[items[i].Name] = &items[i]
				}
			}
			listings[dir] = l
		}
		return l[it.out.File.Name], l != nil
	}
	for _, it := range check {
		o, ok := look(it)
		forgotten := r.inflight[it.out.TaskID] == nil
		switch {
		case ok && isCopyOf(o, it.out.File):
			delete(r.inflight, it.out.TaskID)
			it.out.Err, it.out.Verified = nil, true
		case forgotten: // not there, or not known to be
			r.again(it, taskErr(it, ErrTaskLost))
		}
	}
	now := time.Now()
	var still []*copyItem
	for _, it := range r.confirming {
		o, ok := look(it)
		switch {
		case ok && isCopyOf(o, it.out.File):
			it.out.Err, it.out.Verified = nil, true
			continue
		case ok && o != nil && (o.Size != it.seenSize || !o.Modified.Equal(it.seenMod)):
			it.seenSize, it.seenMod, it.seenAt = o.Size, o.Modified, now // still being written
		case now.Sub(it.seenAt) > r.c.opts.StallTimeout:
			r.fail(it, taskErr(it, ErrCopyUnverified))
			continue
		}
		still = append(still, it)
	}
	r.confirming = still
}

// isCopyOf reports whether o, at the destination, is a finished copy of f:
// a file of f's size and, when f's time is known, its time to the second
// (copies between storages keep it; some storages keep whole seconds).
func isCopyOf(o *Object, f CopyFile) bool {
	if o == nil || o.IsDir || o.Size != f.Size {
		return false
	}
	if f.Modified.IsZero() {
		return true
	}
	d := o.Modified.Sub(f.Modified)
	return d > -time.Second && d < time.Second
}
