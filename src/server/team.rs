//! The team file (`ORCHARD_TEAM_FILE`): the members besides the owner's admin token, each with
//! a name, a role and the SHA-256 of their token (never the token itself). Read and checked at
//! start; a file that does not read stops the server with a message saying what to fix.
//!
//! ```toml
//! [[member]]
//! name = "Tashi"
//! role = "packer"
//! token_sha256 = "<64 hex: printf %s \"$token\" | sha256sum>"
//! ```

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::tokens;
use crate::domain::{MemberInfo, Role};

/// The name the admin token's moves are recorded under.
pub const OWNER: &str = "owner";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamFile {
    #[serde(default)]
    member: Vec<MemberEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberEntry {
    name: String,
    role: Role,
    /// The producer an owner or packer belongs to (its slug); the default producer if absent.
    #[serde(default)]
    producer: Option<String>,
    token_sha256: String,
}

/// One member as the server keeps them: who, what they may do, and their token's hash.
#[derive(Debug, Clone)]
struct Member {
    info: MemberInfo,
    token_hash: Vec<u8>,
}

/// The team's members (empty without a team file).
#[derive(Debug, Clone, Default)]
pub struct Team(Vec<Member>);

impl Team {
    /// Reads the team file at `path`, or says what is wrong with it.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("ORCHARD_TEAM_FILE {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("ORCHARD_TEAM_FILE {}: {e}", path.display()))
    }

    /// Reads a team file's text: every member needs a name (1–64 characters, unique, not
    /// `owner`), a role (`owner` or `packer`) and a distinct `token_sha256` of 64 hex digits.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: TeamFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let (mut names, mut hashes) = (HashSet::new(), HashSet::new());
        let mut members = Vec::with_capacity(file.member.len());
        for (n, entry) in file.member.into_iter().enumerate() {
            let which = format!("member {} ({:?})", n + 1, entry.name);
            let name = entry.name.trim();
            let chars = name.chars().count();
            if chars == 0 || chars > 64 || name.chars().any(char::is_control) {
                return Err(format!(
                    "{which}: a name is 1–64 characters, no control characters"
                ));
            }
            if name == OWNER || !names.insert(name.to_owned()) {
                return Err(format!(
                    "{which}: the name is taken (\"{OWNER}\" is the admin token's)"
                ));
            }
            let hex = entry.token_sha256.trim().to_ascii_lowercase();
            let token_hash = match hex::decode(&hex) {
                Ok(bytes) if bytes.len() == 32 => bytes,
                _ => {
                    return Err(format!(
                        "{which}: token_sha256 must be 64 hex digits, the SHA-256 of the token \
                         (printf %s \"$token\" | sha256sum)"
                    ))
                }
            };
            if !hashes.insert(hex) {
                return Err(format!("{which}: another member has the same token"));
            }
            if entry.role == Role::Operator && entry.producer.is_some() {
                return Err(format!(
                    "{which}: an operator serves the whole market: remove its `producer`"
                ));
            }
            let info = MemberInfo {
                name: name.to_owned(),
                role: entry.role,
                producer: entry.producer,
            };
            members.push(Member { info, token_hash });
        }
        Ok(Self(members))
    }

    /// The team of a market whose producers are `slugs` (the default one first): an owner or
    /// packer without a `producer` belongs to the default producer; one naming a producer the
    /// market does not have is refused.
    pub fn in_market(mut self, slugs: &[&str]) -> Result<Self, String> {
        for member in &mut self.0 {
            let info = &mut member.info;
            if info.role == Role::Operator {
                continue;
            }
            match &info.producer {
                None => info.producer = slugs.first().map(|s| (*s).to_owned()),
                Some(slug) if !slugs.contains(&slug.as_str()) => {
                    return Err(format!(
                        "ORCHARD_TEAM_FILE: member {:?}: no producer {slug:?} on this market",
                        info.name
                    ))
                }
                Some(_) => {}
            }
        }
        Ok(self)
    }

    /// The member whose token `presented` is: its hash is compared with every member's, in
    /// constant time and without stopping at a match.
    pub fn find(&self, presented: &str) -> Option<MemberInfo> {
        let hash = tokens::hash(presented);
        let mut found = None;
        for member in &self.0 {
            if bool::from(hash.ct_eq(&member.token_hash)) {
                found = Some(member.info.clone());
            }
        }
        found
    }

    /// How many members the file names.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the file names nobody.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
