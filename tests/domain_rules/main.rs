//! The domain's rules, table-driven: every field's valid and invalid cases (limits at N and
//! N+1, Chinese and Tibetan names, phones with spaces and dashes, control characters; `fields`),
//! money, the sale state and the status journey (`journey`), and the characters no text field
//! takes (`text`).

#[path = "../text_cases/mod.rs"]
mod text_cases;

mod fields;
mod journey;
mod payment;
mod text;
