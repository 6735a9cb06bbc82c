package review

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/spravka/spravka/pipeline/lexicon"
)

// startServer serves the review of dir on a loopback port for the test,
// until the test ends or stop is called.
func startServer(t *testing.T, dir string) (srv *Server, base string, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	store := open(t, dir)
	srv, err = NewServer(store, lex, ln.Addr().String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	hs := &httptest.Server{Listener: ln, Config: &http.Server{Handler: srv.Handler()}}
	hs.Start()
	var once sync.Once
	stop = func() { once.Do(func() { hs.Close(); srv.Close(); store.Close() }) }
	t.Cleanup(stop)
	return srv, "http://" + ln.Addr().String(), stop
}

// raw sends a request with the path as written (no cleaning by the client).
func raw(t *testing.T, base, method, path string, header map[string]string, body string) (int, http.Header, string) {
	t.Helper()
	u, _ := url.Parse(base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	host := u.Host
	if h, ok := header["Host"]; ok {
		host = h
	}
	req := method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
	for k, v := range header {
		if k != "Host" {
			req += k + ": " + v + "\r\n"
		}
	}
	if body != "" {
		req += "Content-Length: " + itoa(len(body)) + "\r\n"
	}
	req += "\r\n" + body
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufioReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestServerServesOnlyTheFolder(t *testing.T) {
	dir := writeFixture(t)
	_, base, _ := startServer(t, dir)
	for _, tt := range []struct {
		path string
		want int
	}{
		{"/o/index.html", 200},
		{"/o/" + url.PathEscape("дело 1") + "/" + url.PathEscape("лист 1.html"), 200},
		{"/o/" + url.PathEscape("дело 1") + "/" + url.PathEscape("лист 1.txt"), 200},
		{"/o/" + url.PathEscape("дело 1") + "/" + url.PathEscape("лист 1.web.jpg"), 200},
		{"/o/_report/report.js", 200},
		{"/o/../../../../etc/passwd", 400},
		{"/o/%2e%2e/%2e%2e/%2e%2e/etc/passwd", 400},
		{"/o/%252e%252e/%252e%252e/etc/passwd", 404},
		{"/o/..%2f..%2f..%2fetc%2fpasswd", 400},
		{"/o/%2fetc%2fpasswd", 400},
		{"/o/" + url.PathEscape("дело 1") + "%5c..%5c..%5cetc", 400},
		{"/o/.spravka.lock", 400},
		{"/o/nothing.txt", 404},
		{"/o/" + url.PathEscape("дело 1"), 404}, // a folder
		{"/etc/passwd", 404},
	} {
		code, h, body := raw(t, base, "GET", tt.path, nil, "")
		if code != tt.want {
			t.Errorf("GET %s: %d, want %d (%.80s)", tt.path, code, tt.want, body)
		}
		if strings.Contains(body, "root:x:0") {
			t.Errorf("GET %s served /etc/passwd", tt.path)
		}
		if h.Get("Content-Security-Policy") == "" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no security headers", tt.path)
		}
	}
}

func TestServerRefusesForeignHostsAndRequestsWithoutToken(t *testing.T) {
	dir := writeFixture(t)
	srv, base, _ := startServer(t, dir)
	u, _ := url.Parse(base)
	_, port, _ := net.SplitHostPort(u.Host)
	for host, want := range map[string]int{
		"localhost:" + port: 200, "127.0.0.1:" + port: 200,
		"evil.example:" + port: 403, "localhost.evil.example:" + port: 403, "127.0.0.1": 403,
	} {
		if code, _, _ := raw(t, base, "GET", "/o/index.html", map[string]string{"Host": host}, ""); code != want {
			t.Errorf("Host %s: %d, want %d", host, code, want)
		}
	}
	body := `{"items": [{"page": "дело 1/лист 1", "correction": 1, "action": "accept"}]}`
	for name, tt := range map[string]struct {
		header map[string]string
		want   int
	}{
		"no token":     {map[string]string{"Content-Type": "application/json"}, 403},
		"wrong token":  {map[string]string{"Content-Type": "application/json", TokenHeader: strings.Repeat("0", 48)}, 403},
		"a form post":  {map[string]string{"Content-Type": "application/x-www-form-urlencoded", TokenHeader: srv.Token()}, 415},
		"foreign host": {map[string]string{"Content-Type": "application/json", TokenHeader: srv.Token(), "Host": "evil.example:" + port}, 403},
	} {
		if code, _, _ := raw(t, base, "POST", pathDecide, tt.header, body); code != tt.want {
			t.Errorf("%s: %d, want %d", name, code, tt.want)
		}
	}
	if exists(dir, p1+ExtReview) {
		t.Fatal("a refused request wrote a decision")
	}
	if code, _, b := raw(t, base, "POST", pathDecide, map[string]string{"Content-Type": "application/json", TokenHeader: srv.Token()}, body); code != 200 {
		t.Fatalf("with the token: %d %s", code, b)
	}
	if !exists(dir, p1+ExtReview) {
		t.Error("the decision was not written")
	}
	if code, _, _ := raw(t, base, "POST", pathDecide, map[string]string{"Content-Type": "application/json", TokenHeader: srv.Token()},
		`{"items": [{"page": "../../etc/passwd", "correction": 0, "action": "accept"}]}`); code != 400 {
		t.Errorf("a decision outside the folder: %d, want 400", code)
	}
	if code, _, _ := raw(t, base, "GET", pathDecide, nil, ""); code != 405 {
		t.Errorf("GET of the decision API: %d, want 405", code)
	}
}

func TestServerPagesAreInert(t *testing.T) {
	dir := writeFixture(t)
	srv, base, _ := startServer(t, dir)
	_, _, page := raw(t, base, "GET", "/o/"+url.PathEscape("дело 1")+"/"+url.PathEscape("лист 1.html"), nil, "")
	if strings.Contains(page, "<script>alert") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the OCR's markup is not escaped in the review page")
	}
	if !strings.Contains(page, `<meta name="spravka-token" content="`+srv.Token()+`">`) {
		t.Error("the review page does not carry the token")
	}
	_, _, conc := raw(t, base, "GET", pathConc+"?reading="+url.QueryEscape("<script>alert(1)</script>"), nil, "")
	if strings.Contains(conc, "<script>alert") {
		t.Error("the concordance echoes markup unescaped")
	}
	code, h, lex := raw(t, base, "GET", pathLexicon, nil, "")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/tab-separated-values") || !strings.Contains(lex, lexicon.Header) {
		t.Errorf("lexicon: %d %s %q", code, h.Get("Content-Type"), lex)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{"127.0.0.1:1": true, "localhost:80": true, "[::1]:8": true, "0.0.0.0:1": false, "192.168.1.5:80": false, ":80": false, "x": false} {
		if IsLoopback(addr) != want {
			t.Errorf("IsLoopback(%q) = %v", addr, !want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReader(r) }
