//! Loading a spec file (being written).
