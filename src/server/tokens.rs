//! Secrets and names: order ids, order tokens, idempotency keys as stored, and constant-time
//! comparison for tokens and the admin secret.
//!
//! An order's token is never stored, in plain or encrypted: the database keeps its SHA-256 (to
//! check a lookup) and, for the 48 hours a retry may need it, a random 192-bit salt. The token is
//! HMAC-SHA256(salt, order id + idempotency key), and the idempotency key is stored only as its
//! SHA-256, so a retry that presents the key gets the same token back while a backup of the
//! database (salt and key hash, no key) does not give it. To anyone without the database the
//! token is as unpredictable as the salt; to someone with a backup, as the key, which our client
//! makes from 122 random bits (a UUID v4).

use hmac::{Hmac, Mac};
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

/// A new replay salt: 24 random bytes from the OS generator.
pub fn new_salt() -> [u8; 24] {
    let mut bytes = [0u8; 24];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

/// The token of order `order_id` placed with idempotency key `key` and `salt`: 24 bytes of
/// HMAC-SHA256 as 48 hex characters.
pub fn order_token(salt: &[u8], order_id: &str, key: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(salt).expect("HMAC takes any key length");
    mac.update(b"orchard order token\0");
    mac.update(order_id.as_bytes());
    mac.update(b"\0");
    mac.update(key.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..24])
}

/// An idempotency key as the database keeps it: SHA-256 as lower-case hex.
pub fn key_hash(key: &str) -> String {
    hash_hex(key)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_made_again_from_its_salt_id_and_key_and_from_nothing_less() {
        let salt = new_salt();
        let token = order_token(&salt, "K7Q2M9XD4PRA", "7f3c9a2e-order-1");
        assert_eq!(token.len(), 48);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(
            token,
            order_token(&salt, "K7Q2M9XD4PRA", "7f3c9a2e-order-1")
        );
        assert_ne!(
            token,
            order_token(&salt, "K7Q2M9XD4PRA", "7f3c9a2e-order-2")
        );
        assert_ne!(
            token,
            order_token(&salt, "K7Q2M9XD4PRB", "7f3c9a2e-order-1")
        );
        assert_ne!(
            token,
            order_token(&new_salt(), "K7Q2M9XD4PRA", "7f3c9a2e-order-1")
        );
        assert_ne!(key_hash("7f3c9a2e-order-1"), "7f3c9a2e-order-1");
        assert_eq!(key_hash("a").len(), 64);
    }
}
