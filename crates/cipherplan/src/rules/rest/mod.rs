//! Rules on encryption at rest.
