//! Input stage: read and validate the closure, its patient list and its practices.
// (to be written)
