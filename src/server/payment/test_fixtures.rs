//! What the payment modules' tests read: the test keys and the known answers of other
//! implementations, in tests/fixtures/payment/ (its README says how each was made).

/// The text of tests/fixtures/payment/`name`.
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/payment/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
