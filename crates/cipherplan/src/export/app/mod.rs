//! Application-side export (`app/`): the nginx TLS sidecar, the Django settings fragment and
//! the Dockerfile lines the application image needs, all faithful to the design's flows.

pub mod env;
