//! The RSA keys of payment: a producer's merchant key (it signs what the server asks a provider)
//! and a provider's public key (WeChat Pay's platform key, Alipay's public key: they verify what
//! a provider answers and notifies). Read from the PEM files the payment file names, in the forms
//! the providers' tools give: PKCS#8 or PKCS#1 private keys, SubjectPublicKeyInfo or PKCS#1
//! public keys, with their PEM armour or as the bare base64 Alipay's key tool prints.
//!
//! Signatures are RSA PKCS#1 v1.5 over SHA-256, which both providers use (WeChat Pay's
//! WECHATPAY2-SHA256-RSA2048, Alipay's RSA2), made and checked by ring. Nothing here prints a
//! key: `Debug` says what kind of key it is and its size, never its numbers.

use std::fmt;

use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{self, RsaKeyPair, UnparsedPublicKey};

/// Why a key did not read; says nothing of the key's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// Neither a PEM block nor base64.
    NotPemOrBase64,
    /// Decoded, but not an RSA private key of 2048 bits or more in PKCS#8 or PKCS#1.
    NotRsaPrivateKey,
    /// Decoded, but not an RSA public key in SubjectPublicKeyInfo or PKCS#1.
    NotRsaPublicKey,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotPemOrBase64 => "neither a PEM block nor base64",
            Self::NotRsaPrivateKey => {
                "not an RSA private key of 2048 bits or more (PKCS#8 \"PRIVATE KEY\" or PKCS#1 \"RSA PRIVATE KEY\")"
            }
            Self::NotRsaPublicKey => {
                "not an RSA public key (\"PUBLIC KEY\" or PKCS#1 \"RSA PUBLIC KEY\")"
            }
        })
    }
}

impl std::error::Error for KeyError {}

/// A merchant's private key: signs with RSA PKCS#1 v1.5 SHA-256.
pub struct PrivateKey(RsaKeyPair);

/// A provider's public key, as the DER of its RSAPublicKey: verifies RSA PKCS#1 v1.5 SHA-256.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(Vec<u8>);

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bits = self.0.public().modulus_len() * 8;
        write!(f, "PrivateKey(RSA {bits} bits)")
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey(RSA, {} bytes of DER)", self.0.len())
    }
}

impl PrivateKey {
    /// Reads a PKCS#8 or PKCS#1 RSA private key, PEM or bare base64.
    pub fn from_pem(text: &str) -> Result<Self, KeyError> {
        let der = decode(text)?;
        RsaKeyPair::from_pkcs8(&der)
            .or_else(|_| RsaKeyPair::from_der(&der))
            .map(Self)
            .map_err(|_| KeyError::NotRsaPrivateKey)
    }

    /// The RSA PKCS#1 v1.5 SHA-256 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        let mut signature = vec![0; self.0.public().modulus_len()];
        self.0
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message,
                &mut signature,
            )
            .expect("a buffer of the modulus' length is what RSA signing needs");
        signature
    }

    /// The base64 of `sign(message)`, as both providers send a signature.
    pub fn sign_base64(&self, message: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.sign(message))
    }
}

impl PublicKey {
    /// Reads a SubjectPublicKeyInfo or PKCS#1 RSA public key, PEM or bare base64.
    pub fn from_pem(text: &str) -> Result<Self, KeyError> {
        let der = decode(text)?;
        let rsa = match rsa_public_key_of_spki(&der) {
            Some(inner) => inner.to_vec(),
            None if is_rsa_public_key(&der) => der,
            None => return Err(KeyError::NotRsaPublicKey),
        };
        Ok(Self(rsa))
    }

    /// Whether `signature` is this key's RSA PKCS#1 v1.5 SHA-256 signature of `message` (2048
    /// bits or more).
    pub fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, &self.0)
            .verify(message, signature)
            .is_ok()
    }

    /// `verifies` with the signature in base64, as both providers send it; false for bad base64.
    pub fn verifies_base64(&self, message: &[u8], signature: &str) -> bool {
        base64::engine::general_purpose::STANDARD
            .decode(signature.trim())
            .is_ok_and(|raw| self.verifies(message, &raw))
    }
}

/// The DER inside a PEM block, or of bare base64 (whitespace ignored).
fn decode(text: &str) -> Result<Vec<u8>, KeyError> {
    let text = text.trim();
    let body = match text.strip_prefix("-----BEGIN ") {
        Some(armoured) => {
            let start = armoured.find('\n').ok_or(KeyError::NotPemOrBase64)?;
            let end = armoured.find("-----END ").ok_or(KeyError::NotPemOrBase64)?;
            armoured.get(start..end).ok_or(KeyError::NotPemOrBase64)?
        }
        None => text,
    };
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(|_| KeyError::NotPemOrBase64)
}

/// One DER element of `input`: its tag, its content and what follows it.
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |len, &b| (len << 8) | usize::from(b));
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
/// The DER of OID 1.2.840.113549.1.1.1 (rsaEncryption), tag and length included.
const RSA_ENCRYPTION: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
];

/// The RSAPublicKey inside a SubjectPublicKeyInfo of an RSA key, if `der` is one.
fn rsa_public_key_of_spki(der: &[u8]) -> Option<&[u8]> {
    let (SEQUENCE, spki, []) = element(der)? else {
        return None;
    };
    let (SEQUENCE, algorithm, rest) = element(spki)? else {
        return None;
    };
    if !algorithm.starts_with(&RSA_ENCRYPTION) {
        return None;
    }
    let (BIT_STRING, bits, []) = element(rest)? else {
        return None;
    };
    let (0, key) = bits.split_first()? else {
        return None;
    };
    is_rsa_public_key(key).then_some(key)
}

/// Whether `der` is an RSAPublicKey: a sequence of exactly two integers.
fn is_rsa_public_key(der: &[u8]) -> bool {
    let Some((SEQUENCE, key, [])) = element(der) else {
        return false;
    };
    let Some((INTEGER, _, rest)) = element(key) else {
        return false;
    };
    matches!(element(rest), Some((INTEGER, _, [])))
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
