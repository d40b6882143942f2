// Command alisttest-server runs the alisttest AList-compatible server
// standalone, for demos and scripts:
//
//	alisttest-server -flavor openlist-v4 -addr 127.0.0.1:5244 -url-file /tmp/alist.url
//
// -version dev makes it report "dev" like a self-built server;
// -caching-storage /cached adds a storage whose listings are cached, as
// non-Local drivers' are; -show-hidden makes /local list dot files (by
// default it hides them, as a real Local storage created through the API
// with only root_folder_path does).
//
// It serves until SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	if err := run(os.Args[1:], os.Stdout, stop); err != nil {
		fmt.Fprintln(os.Stderr, "alisttest:", err)
		os.Exit(1)
	}
}

// run serves until stop receives.
func run(args []string, out io.Writer, stop <-chan os.Signal) error {
	fs := flag.NewFlagSet("alisttest-server", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	flavor := fs.String("flavor", alisttest.AListV338.String(), "server to imitate: alist-v3.38, alist-v3.62 or openlist-v4")
	username := fs.String("username", alisttest.DefaultAdminUsername, "admin username")
	password := fs.String("password", alisttest.DefaultAdminPassword, "admin password")
	dir := fs.String("dir", "", "on-disk root of the storages (default: a temporary directory, removed on exit)")
	urlFile := fs.String("url-file", "", "write the server URL to this file once listening")
	caching := fs.String("caching-storage", "", "also mount a storage whose listings the server caches (driver \"Cached\") at this path, e.g. /cached")
	showHidden := fs.Bool("show-hidden", false, "make the Local storage with show_hidden on, as the web UI does, so that listings show names starting with \".\" (default: off, as a storage created through the API with only root_folder_path, which hides them)")
	var extra storageList
	fs.Var(&extra, "storage", "also mount a Local storage at this path, e.g. /local2 for copies between storages (repeatable)")
	version := fs.String("version", "", `version /api/public/settings reports, e.g. "dev" for a self-built server (default: the flavor's)`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	f, err := alisttest.ParseFlavor(*flavor)
	if err != nil {
		return err
	}
	opts := alisttest.Options{
		Flavor:  f,
		Admin:   alisttest.User{Username: *username, Password: *password},
		Dir:     *dir,
		Addr:    *addr,
		Version: *version,
		// Real-like by default: hidden dot files are what a provider
		// meets on a server set up through the API.
		ShowHidden: *showHidden,
	}
	if *caching != "" {
		opts.CachingStorages = []string{*caching}
	}
	if len(extra) > 0 {
		opts.Storages = append([]string{"/local"}, extra...)
	}
	s, err := alisttest.Start(opts)
	if err != nil {
		return err
	}
	defer s.Close()
	if *urlFile != "" {
		if err := writeAtomic(*urlFile, s.URL+"\n"); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "alisttest: listening on %s (flavor %s, admin %s, storages in %s)\n", s.URL, f, *username, s.Dir())
	<-stop
	return nil
}

// writeAtomic writes via a temporary file and a rename, so a script polling
// for the file never reads it half-written.
func writeAtomic(name, content string) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// storageList is a repeatable flag.
type storageList []string

func (l *storageList) String() string { return strings.Join(*l, ",") }

func (l *storageList) Set(v string) error {
	*l = append(*l, v)
	return nil
}
