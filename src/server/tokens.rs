//! Secrets and names: order ids, order tokens (192 random bits from the OS CSPRNG, stored only
//! as SHA-256), and constant-time comparison for tokens and the admin secret.

use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Crockford's base32 alphabet: no I, L, O or U to misread over the phone.
const ID_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A new order id such as `7KQ2M9XD4PRA`: 12 symbols, 60 random bits, easy to read aloud.
pub fn new_order_id() -> String {
    // One read of the OS generator, not one per symbol; 256 is a multiple of the alphabet's 32
    // symbols, so `% 32` keeps every symbol equally likely.
    let mut bytes = [0u8; 12];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ID_ALPHABET[usize::from(*b) % ID_ALPHABET.len()] as char)
        .collect()
}

/// A new order token: 24 random bytes as 48 hex characters.
pub fn new_token() -> String {
    let mut bytes = [0u8; 24];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// SHA-256 of a secret, as stored.
pub fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// SHA-256 of text as lower-case hex (idempotency fingerprints).
pub fn hash_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Whether a presented secret matches a stored hash, in constant time.
pub fn matches_hash(presented: &str, stored_hash: &[u8]) -> bool {
    hash(presented).ct_eq(stored_hash).into()
}

/// Whether two secrets are equal, in time that does not depend on where they differ
/// (both are hashed first so the length leaks nothing either).
pub fn secrets_equal(a: &str, b: &str) -> bool {
    hash(a).ct_eq(&hash(b)).into()
}
