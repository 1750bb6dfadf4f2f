package workbook

import (
	"bytes"
	"io"

	"github.com/klauspost/compress/flate"
)

// blockSize is how much of a part one worker compresses at a time.
const blockSize = 1 << 20

// deflater compresses the parts of a workbook on several goroutines, so
// that every core shares the work of the one sheet that holds most of it.
// A part is cut into blocks of blockSize bytes; each block is deflated on
// its own, at the fastest level, and ends with a sync flush on a byte
// boundary, so the blocks written one after the other are one deflate
// stream (as pigz makes them). The output depends only on the input, not
// on which worker took which block, and at most 2 × workers blocks are in
// flight, whatever the size of the workbook. The compressor is
// klauspost/compress's flate, the same format as compress/flate's at
// about twice its speed at the fastest level: a workbook of a million
// findings spends most of its time compressing.
type deflater struct {
	work    chan *block
	free    chan *block
	pending int // blocks a stream may have in flight
}

// block is a piece of a part and, once done, its compressed form.
type block struct {
	in    []byte
	out   bytes.Buffer
	final bool // the part's last block: a final deflate block ends it
	done  chan struct{}
	err   error
}

// newDeflater starts workers compressing goroutines; stop ends them.
func newDeflater(workers int) *deflater {
	d := &deflater{work: make(chan *block, 2*workers), free: make(chan *block, 2*workers+1), pending: 2 * workers}
	for range workers {
		go d.run()
	}
	return d
}

func (d *deflater) stop() { close(d.work) }

func (d *deflater) run() {
	fw, _ := flate.NewWriter(nil, flate.BestSpeed) // BestSpeed is a valid level
	for b := range d.work {
		b.out.Reset()
		fw.Reset(&b.out)
		_, b.err = fw.Write(b.in)
		if b.err == nil {
			if b.final {
				b.err = fw.Close()
			} else {
				b.err = fw.Flush()
			}
		}
		b.done <- struct{}{}
	}
}

// get returns a block to fill: a used one, or a new one while fewer than
// the streams' bound exist.
func (d *deflater) get() *block {
	select {
	case b := <-d.free:
		b.in = b.in[:0]
		return b
	default:
		return &block{in: make([]byte, 0, blockSize), done: make(chan struct{}, 1)}
	}
}

// stream returns a WriteCloser that compresses one part to w, for
// zip.Writer.RegisterCompressor. It is used from one goroutine, writes to
// w only from its Write and Close, and must be closed.
func (d *deflater) stream(w io.Writer) (io.WriteCloser, error) {
	return &stream{d: d, w: w}, nil
}

type stream struct {
	d       *deflater
	w       io.Writer
	cur     *block
	pending []*block // sent to the workers, in order
}

func (s *stream) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if s.cur == nil {
			s.cur = s.d.get()
		}
		k := copy(s.cur.in[len(s.cur.in):cap(s.cur.in)], p)
		s.cur.in = s.cur.in[:len(s.cur.in)+k]
		p = p[k:]
		if len(s.cur.in) == cap(s.cur.in) {
			if err := s.send(false); err != nil {
				return n - len(p), err
			}
		}
	}
	return n, nil
}

// send hands the current block to the workers, first writing out the
// oldest one in flight when there are as many as the bound.
func (s *stream) send(final bool) error {
	if len(s.pending) == s.d.pending {
		if err := s.emit(); err != nil {
			return err
		}
	}
	b := s.cur
	s.cur = nil
	b.final = final
	s.pending = append(s.pending, b)
	s.d.work <- b
	return nil
}

// emit waits for the oldest block in flight and writes it out.
func (s *stream) emit() error {
	b := s.pending[0]
	s.pending = s.pending[1:]
	<-b.done
	err := b.err
	if err == nil {
		_, err = s.w.Write(b.out.Bytes())
	}
	s.d.free <- b
	return err
}

// Close compresses what is left as the final block and writes out every
// block still in flight.
func (s *stream) Close() error {
	if s.cur == nil {
		s.cur = s.d.get()
	}
	err := s.send(true)
	for len(s.pending) > 0 {
		if e := s.emit(); err == nil {
			err = e
		}
	}
	return err
}
