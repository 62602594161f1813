package db

import (
	"github.com/prometheus/client_golang/prometheus"
)

// poolCollector reports pgxpool statistics at scrape time. Reading
// pool.Stat() on each scrape keeps the numbers exact without a goroutine
// copying them into gauges.
type poolCollector struct {
	db *DB

	acquiredConns   *prometheus.Desc
	idleConns       *prometheus.Desc
	totalConns      *prometheus.Desc
	maxConns        *prometheus.Desc
	constructing    *prometheus.Desc
	acquires        *prometheus.Desc
	emptyAcquires   *prometheus.Desc
	canceledAcquire *prometheus.Desc
	acquireSeconds  *prometheus.Desc
}

// NewPoolCollector returns a Prometheus collector for d's connection pool.
// A pool that is always fully acquired, or whose empty_acquire counter
// climbs, means updates wait for a connection: raise the pool size or find
// the slow query.
func NewPoolCollector(d *DB) prometheus.Collector {
	desc := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("ouderkring_db_pool_"+name, help, nil, nil)
	}
	return &poolCollector{
		db:              d,
		acquiredConns:   desc("acquired_conns", "Connections currently in use."),
		idleConns:       desc("idle_conns", "Connections open and idle."),
		totalConns:      desc("total_conns", "Connections open, in use or idle, or being opened."),
		maxConns:        desc("max_conns", "Maximum number of connections the pool opens."),
		constructing:    desc("constructing_conns", "Connections being opened."),
		acquires:        desc("acquire_count_total", "Successful connection acquires."),
		emptyAcquires:   desc("empty_acquire_count_total", "Acquires that had to wait for or open a connection because none was idle."),
		canceledAcquire: desc("canceled_acquire_count_total", "Acquires given up because their context ended."),
		acquireSeconds:  desc("acquire_duration_seconds_total", "Total time spent in successful acquires."),
	}
}

// Describe sends the descriptors of every metric Collect sends.
func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.acquiredConns
	ch <- c.idleConns
	ch <- c.totalConns
	ch <- c.maxConns
	ch <- c.constructing
	ch <- c.acquires
	ch <- c.emptyAcquires
	ch <- c.canceledAcquire
	ch <- c.acquireSeconds
}

// Collect sends a snapshot of the pool's statistics.
func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.db.pool.Stat()
	gauge := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v)
	}
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(c.acquiredConns, float64(s.AcquiredConns()))
	gauge(c.idleConns, float64(s.IdleConns()))
	gauge(c.totalConns, float64(s.TotalConns()))
	gauge(c.maxConns, float64(s.MaxConns()))
	gauge(c.constructing, float64(s.ConstructingConns()))
	counter(c.acquires, float64(s.AcquireCount()))
	counter(c.emptyAcquires, float64(s.EmptyAcquireCount()))
	counter(c.canceledAcquire, float64(s.CanceledAcquireCount()))
	counter(c.acquireSeconds, s.AcquireDuration().Seconds())
}

// searchIndexCollector reports how searches were answered
// (WithSearchIndex) at scrape time.
type searchIndexCollector struct {
	db                      *DB
	searches, reloads, size *prometheus.Desc
}

// NewSearchIndexCollector returns a Prometheus collector for d's search
// index: searches by how they were answered (memory, or database while
// the index loads or after the catalogue changed), reloads by result, and
// the meetups the index holds. Searches by the database climbing for long
// while the catalogue is quiet means the index cannot load: the logs say
// why.
func NewSearchIndexCollector(d *DB) prometheus.Collector {
	return &searchIndexCollector{
		db:       d,
		searches: prometheus.NewDesc("ouderkring_search_total", "Searches by how they were answered: from memory, or by the database (no index yet, or the catalogue changed since it was read).", []string{"answered"}, nil),
		reloads:  prometheus.NewDesc("ouderkring_search_index_reloads_total", "Reads of the catalogue into the search index, by result.", []string{"result"}, nil),
		size:     prometheus.NewDesc("ouderkring_search_index_meetups", "Published meetups in the search index.", nil, nil),
	}
}

// Describe sends the descriptors of every metric Collect sends.
func (c *searchIndexCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.searches
	ch <- c.reloads
	ch <- c.size
}

// Collect sends the index's counts.
func (c *searchIndexCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.db.SearchIndexStats()
	ch <- prometheus.MustNewConstMetric(c.searches, prometheus.CounterValue, float64(s.Memory), "memory")
	ch <- prometheus.MustNewConstMetric(c.searches, prometheus.CounterValue, float64(s.Database), "database")
	ch <- prometheus.MustNewConstMetric(c.reloads, prometheus.CounterValue, float64(s.Reloads-s.ReloadErrors), "ok")
	ch <- prometheus.MustNewConstMetric(c.reloads, prometheus.CounterValue, float64(s.ReloadErrors), "error")
	ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(s.Meetups))
}
