// Command alisttest-server runs the alisttest AList-compatible server
// standalone, for demos and scripts:
//
//	alisttest-server -flavor openlist-v4 -addr 127.0.0.1:5244 -url-file /tmp/alist.url
//
// It serves until SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/alist-terraform/terraform-provider-alist/internal/alisttest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "alisttest:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flavor := flag.String("flavor", alisttest.AListV338.String(), "server to imitate: alist-v3.38, alist-v3.62 or openlist-v4")
	username := flag.String("username", alisttest.DefaultAdminUsername, "admin username")
	password := flag.String("password", alisttest.DefaultAdminPassword, "admin password")
	dir := flag.String("dir", "", "on-disk root of the storages (default: a temporary directory, removed on exit)")
	urlFile := flag.String("url-file", "", "write the server URL to this file once listening")
	flag.Parse()

	f, err := alisttest.ParseFlavor(*flavor)
	if err != nil {
		return err
	}
	s, err := alisttest.Start(alisttest.Options{
		Flavor: f,
		Admin:  alisttest.User{Username: *username, Password: *password},
		Dir:    *dir,
		Addr:   *addr,
	})
	if err != nil {
		return err
	}
	defer s.Close()
	if *urlFile != "" {
		if err := writeAtomic(*urlFile, s.URL+"\n"); err != nil {
			return err
		}
	}
	fmt.Printf("alisttest: listening on %s (flavor %s, admin %s, storages in %s)\n", s.URL, f, *username, s.Dir())

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
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
