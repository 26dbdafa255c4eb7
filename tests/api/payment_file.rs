//! The payment file (`ORCHARD_PAYMENT_FILE`, issue #29) read at start: one that does not read,
//! or that names a producer the market lacks, stops the server saying what to fix and never
//! showing a secret; a good one lets it open.

use std::path::{Path, PathBuf};

use clap::Parser;
use orchard::server::{AppState, Config, Content};

use crate::common::{Sandbox, ADMIN_TOKEN};

const SECRET: &str = "the-official-account-secret";

/// A payment file in `dir` for producer `slug`, its merchant key read from `merchant_key`.
fn payment_file(dir: &Path, slug: &str, merchant_key: &str) -> PathBuf {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/payment");
    for name in ["merchant_key.pem", "provider_pub.pem"] {
        std::fs::copy(fixtures.join(name), dir.join(name)).unwrap();
    }
    let text = format!(
        "[wechat.{slug}]\nappid = \"wx8888888888888888\"\nmchid = \"1900000001\"\n\
         app_secret = \"{SECRET}\"\nmerchant_serial = \"5157F09EFDC096DE15EBE81A47057A72\"\n\
         merchant_key = \"{merchant_key}\"\napiv3_key = \"0123456789abcdefghijklmnopqrstuv\"\n\
         platform_key = \"provider_pub.pem\"\nplatform_key_id = \"PUB_KEY_ID_0001\"\n\
         api_base = \"http://127.0.0.1:9\"\n"
    );
    let path = dir.join("payment.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The app's state as the server opens it with `--payment-file path`.
async fn open_with(sandbox: &Sandbox, path: &Path) -> Result<AppState, String> {
    open_with_flags(sandbox, path, &[]).await
}

/// `open_with`, and the `extra` flags.
async fn open_with_flags(
    sandbox: &Sandbox,
    path: &Path,
    extra: &[&str],
) -> Result<AppState, String> {
    let mut argv = vec!["orchard-server".to_string()];
    argv.extend(sandbox.args());
    argv.extend(["--payment-file".into(), path.display().to_string()]);
    argv.extend(extra.iter().map(|s| s.to_string()));
    let mut config = Config::parse_from(argv);
    config.admin_token = Some(ADMIN_TOKEN.into());
    let content = Content::load(&config.content).unwrap();
    AppState::open(config, content).await
}

#[test]
fn the_real_server_refuses_to_start_on_a_payment_file_that_does_not_read_naming_the_key() {
    let sandbox = Sandbox::open_sale(1, 1);
    let file = payment_file(sandbox.path(), "content", "provider_pub.pem");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orchard-server"))
        .args(sandbox.args())
        .args(["--addr", "127.0.0.1:0"])
        .env("ORCHARD_PAYMENT_FILE", &file)
        .env("ORCHARD_ADMIN_TOKEN", ADMIN_TOKEN)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("ORCHARD_PAYMENT_FILE")
            && err.contains("wechat.content.merchant_key")
            && err.contains("not an RSA private key"),
        "{err}"
    );
    assert!(!err.contains(SECRET), "{err}");
}

#[tokio::test]
async fn a_payment_file_naming_a_producer_the_market_lacks_stops_the_server() {
    let sandbox = Sandbox::open_sale(1, 1);
    let file = payment_file(sandbox.path(), "walnuts", "merchant_key.pem");
    let err = open_with(&sandbox, &file).await.err().expect("refused");
    assert!(
        err.contains("ORCHARD_PAYMENT_FILE") && err.contains("walnuts"),
        "{err}"
    );
}

#[tokio::test]
async fn a_payment_file_for_the_markets_producer_lets_the_server_open() {
    let sandbox = Sandbox::open_sale(1, 1);
    let file = payment_file(sandbox.path(), "content", "merchant_key.pem");
    assert!(open_with(&sandbox, &file).await.is_ok());
}

/// The sandbox's producer accepting `methods` (`[payment]` added to its content file).
fn accepting(sandbox: &Sandbox, methods: &str) {
    let mut text = std::fs::read_to_string(sandbox.content()).unwrap();
    text.push_str(&format!("\n[payment]\nmethods = {methods}\n"));
    std::fs::write(sandbox.content(), text).unwrap();
}

#[tokio::test]
async fn a_producer_accepting_wechat_opens_with_its_credentials_and_a_public_url_only() {
    let sandbox = Sandbox::open_sale(1, 1);
    accepting(&sandbox, r#"["wechat", "cod"]"#);
    let file = payment_file(sandbox.path(), "content", "merchant_key.pem");
    let err = open_with(&sandbox, &file)
        .await
        .err()
        .expect("no public URL");
    assert!(
        err.contains("ORCHARD_PUBLIC_URL") && err.contains("wechat"),
        "{err}"
    );
    let public = ["--public-url", "https://apples.example"];
    assert!(open_with_flags(&sandbox, &file, &public).await.is_ok());
}

#[tokio::test]
async fn a_producer_accepting_alipay_without_its_credentials_stops_the_server() {
    let sandbox = Sandbox::open_sale(1, 1);
    accepting(&sandbox, r#"["alipay"]"#);
    let file = payment_file(sandbox.path(), "content", "merchant_key.pem");
    let public = ["--public-url", "https://apples.example"];
    let err = open_with_flags(&sandbox, &file, &public)
        .await
        .err()
        .expect("refused");
    assert!(err.contains("no [alipay.content]"), "{err}");
}
