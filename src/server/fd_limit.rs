//! The process's file-descriptor limit: the soft limit raised to the hard one at start (many
//! systems start services at 1024), and the connection cap that still fits under it once the
//! database, the runtime and the files being served have their descriptors.

use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};

/// Descriptors kept free besides those open at start and the database pool's growth: logs,
/// accepted sockets not yet counted, a `/metrics` scrape, an operator's `lsof`.
const MARGIN: u64 = 64;

/// The limit found and what became of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FdLimit {
    /// The soft limit before (`None`: unlimited).
    pub before: Option<u64>,
    /// The soft limit in force now.
    pub soft: Option<u64>,
    /// The hard limit.
    pub hard: Option<u64>,
}

/// Raises the soft limit to the hard one where allowed; a refusal leaves it as it was.
pub fn raise_to_hard() -> FdLimit {
    let limit = getrlimit(Resource::Nofile);
    let mut found = FdLimit {
        before: limit.current,
        soft: limit.current,
        hard: limit.maximum,
    };
    if limit.current != limit.maximum {
        let raised = Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        match setrlimit(Resource::Nofile, raised) {
            Ok(()) => found.soft = limit.maximum,
            Err(e) => tracing::warn!(error = %e, "cannot raise the descriptor limit"),
        }
    }
    found
}

/// Descriptors this process holds now (`/proc/self/fd`), if that can be read.
pub fn open_now() -> Option<u64> {
    std::fs::read_dir("/proc/self/fd")
        .ok()
        .map(|dir| dir.count() as u64)
}

/// The most connections that fit under `soft`, after `reserved` descriptors (those open at start
/// and the database pool's growth) and a margin: half of what is left, because a connection
/// serving a static file (the film, with range requests, for minutes) holds the file open too.
pub fn connections_that_fit(soft: Option<u64>, reserved: u64) -> usize {
    let Some(soft) = soft else {
        return usize::MAX;
    };
    let left = soft.saturating_sub(reserved + MARGIN) / 2;
    usize::try_from(left).unwrap_or(usize::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connections_leave_room_for_the_database_and_a_file_each() {
        // 1024 descriptors, 40 open at start and 16 for the pool, 64 kept free: 904 left, half
        // of them for sockets.
        assert_eq!(connections_that_fit(Some(1024), 56), 452);
        assert_eq!(connections_that_fit(None, 56), usize::MAX);
        assert_eq!(connections_that_fit(Some(50), 56), 1, "never zero");
    }

    #[test]
    fn raising_the_limit_never_lowers_it() {
        let found = raise_to_hard();
        assert!(found.soft >= found.before || found.soft.is_none());
        assert_eq!(getrlimit(Resource::Nofile).current, found.soft);
    }
}
