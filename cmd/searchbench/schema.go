package main

// seqScanOptions make the planner avoid index and bitmap scans, so the
// second pool runs the same statements the way they would run without
// meetups_nearby_idx.
const seqScanOptions = "-c enable_indexscan=off -c enable_bitmapscan=off"
