//! Runtime support for apiforge-generated clients (being written).
