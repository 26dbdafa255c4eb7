//! The market file's rules, each mistake with the file and the key it names.

use std::path::{Path, PathBuf};

use super::{default_slug, is_slug, MarketFile};

const DROLMA: &str = include_str!("../../content/drolma.toml");

/// A folder holding `files` (name, text), and the path of the first.
fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let first = dir.path().join(files[0].0);
    (dir, first)
}

fn market(producers: &str) -> String {
    format!(
        "[market]\nname = {{ zh = \"乡城县助农集市\", en = \"Xiangcheng county market\" }}\n\
         place = {{ en = \"Xiangcheng\" }}\n{producers}"
    )
}

fn producer(slug: &str, content: &str) -> String {
    format!("[[producer]]\nslug = \"{slug}\"\ncontent = \"{content}\"\n")
}

/// Loads `path`, expects a refusal naming `path` and `key`, and gives its text.
fn refused(path: &Path, key: Option<&str>) -> String {
    let err = MarketFile::load(path).expect_err("the file is refused");
    assert_eq!(err.path, path, "{err}");
    assert_eq!(err.key.as_deref(), key, "{err}");
    err.to_string()
}

#[test]
fn a_producer_file_alone_is_a_market_of_one_named_after_its_producer() {
    let (_dir, path) = folder(&[("drolma.toml", DROLMA)]);
    let market = MarketFile::load(&path).unwrap();
    assert_eq!(market.producers.len(), 1);
    let (slug, content) = market.default_producer();
    assert_eq!(slug, "drolma");
    assert_eq!(market.name, content.producer.name);
    assert_eq!(market.place, content.producer.place);
    assert_eq!(market.name["en"], "Drolma");
}

#[test]
fn a_market_file_lists_its_producers_in_order_the_first_the_default() {
    let text = market(&(producer("drolma", "drolma.toml") + &producer("second", "sub/b.toml")));
    let (dir, path) = folder(&[("market.toml", &text), ("drolma.toml", DROLMA)]);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/b.toml"), DROLMA).unwrap();
    let market = MarketFile::load(&path).unwrap();
    let slugs: Vec<&str> = market.producers.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(slugs, ["drolma", "second"]);
    assert_eq!(market.default_producer().0, "drolma");
    assert_eq!(market.name["zh"], "乡城县助农集市");
    assert_eq!(market.place["en"], "Xiangcheng");
    assert!(market.producer("second").is_some());
    assert!(market.producer("nope").is_none());
}

#[test]
fn a_bad_slug_is_refused_with_its_key() {
    for slug in ["", "Drolma", "drol ma", "drolma/x", "é", &"a".repeat(33)] {
        let text = market(&(producer("ok", "drolma.toml") + &producer(slug, "drolma.toml")));
        let (_dir, path) = folder(&[("market.toml", &text), ("drolma.toml", DROLMA)]);
        let said = refused(&path, Some("producer[1].slug"));
        assert!(said.contains("not a slug"), "{said}");
    }
}

#[test]
fn a_slug_listed_twice_is_refused() {
    let text = market(&(producer("drolma", "drolma.toml") + &producer("drolma", "drolma.toml")));
    let (_dir, path) = folder(&[("market.toml", &text), ("drolma.toml", DROLMA)]);
    let said = refused(&path, Some("producer[1].slug"));
    assert!(said.contains("listed twice"), "{said}");
}

#[test]
fn a_missing_producer_file_is_named_with_the_key_that_names_it() {
    let text = market(&producer("drolma", "gone.toml"));
    let (_dir, path) = folder(&[("market.toml", &text)]);
    let said = refused(&path, Some("producer[0].content"));
    assert!(said.contains("gone.toml"), "{said}");
}

#[test]
fn a_market_without_producers_is_refused() {
    let (_dir, path) = folder(&[("market.toml", &market(""))]);
    let said = refused(&path, Some("producer"));
    assert!(said.contains("at least one"), "{said}");
}

#[test]
fn a_market_without_a_name_is_refused() {
    let text = "[market]\nname = { en = \" \" }\nplace = { en = \"X\" }\n".to_owned()
        + &producer("drolma", "drolma.toml");
    let (_dir, path) = folder(&[("market.toml", &text), ("drolma.toml", DROLMA)]);
    refused(&path, Some("market.name"));
}

#[test]
fn producers_without_a_market_section_are_refused() {
    let text = producer("drolma", "drolma.toml");
    let (_dir, path) = folder(&[("market.toml", &text), ("drolma.toml", DROLMA)]);
    refused(&path, Some("market"));
}

#[test]
fn an_unknown_key_in_the_market_file_is_refused() {
    let text =
        market(&producer("drolma", "drolma.toml")).replace("[market]", "[market]\nmayor = 1");
    let (_dir, path) = folder(&[("market.toml", &text), ("drolma.toml", DROLMA)]);
    let said = refused(&path, None);
    assert!(said.contains("mayor"), "{said}");
}

#[test]
fn a_producer_file_that_fails_is_named_with_its_own_path_and_key() {
    let broken = DROLMA.replace("kg_per_family = 2000", "kg_per_family = 0");
    let text = market(&(producer("drolma", "drolma.toml") + &producer("b", "broken.toml")));
    let (dir, path) = folder(&[
        ("market.toml", &text),
        ("drolma.toml", DROLMA),
        ("broken.toml", &broken),
    ]);
    let err = MarketFile::load(&path).expect_err("the broken producer file is refused");
    assert_eq!(err.path, dir.path().join("broken.toml"));
    assert_eq!(err.key.as_deref(), Some("impact.kg_per_family"));
}

#[test]
fn the_sample_market_loads_with_drolma_first() {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content/market.toml"));
    let market = MarketFile::load(path).unwrap();
    assert!(market.producers.len() >= 2, "a market of several producers");
    assert_eq!(market.default_producer().0, "drolma");
    for lang in ["zh", "en", "fr"] {
        assert!(
            !market.name[lang].is_empty() && !market.place[lang].is_empty(),
            "{lang}"
        );
        for (slug, content) in &market.producers {
            assert!(content.producer.name.contains_key(lang), "{slug} {lang}");
            assert!(content.producer.story.contains_key(lang), "{slug} {lang}");
        }
    }
}

#[test]
fn a_slug_is_one_to_thirty_two_of_lowercase_letters_digits_and_dashes() {
    assert!(is_slug("drolma") && is_slug("a") && is_slug("tsering-2") && is_slug(&"a".repeat(32)));
    assert!(!is_slug("") && !is_slug(&"a".repeat(33)) && !is_slug("A") && !is_slug("a_b"));
}

#[test]
fn a_producer_files_slug_is_its_name_else_shop() {
    assert_eq!(default_slug(Path::new("content/drolma.toml")), "drolma");
    assert_eq!(
        default_slug(Path::new("/x/tsering-walnuts.toml")),
        "tsering-walnuts"
    );
    assert_eq!(default_slug(Path::new("My Shop.toml")), "shop");
    assert_eq!(default_slug(Path::new("")), "shop");
}

#[test]
fn a_producer_file_alone_may_name_its_slug_and_a_bad_one_is_refused_with_its_key() {
    let named = DROLMA.replacen("[producer]\n", "[producer]\nslug = \"zhongde-apples\"\n", 1);
    assert_ne!(
        named, DROLMA,
        "content/drolma.toml starts its section with [producer]"
    );
    let (_dir, path) = folder(&[("drolma.toml", &named)]);
    assert_eq!(
        MarketFile::load(&path).unwrap().default_producer().0,
        "zhongde-apples"
    );
    let bad = DROLMA.replacen("[producer]\n", "[producer]\nslug = \"Zhongde Apples\"\n", 1);
    let (_dir, path) = folder(&[("drolma.toml", &bad)]);
    refused(&path, Some("producer.slug"));
}

#[test]
fn a_producer_files_payment_is_read_and_a_bad_one_refused_with_its_key() {
    use crate::domain::PaymentMethod;
    let paid =
        format!("{DROLMA}\n[payment]\nmethods = [\"wechat\", \"cod\"]\nwindow_minutes = 20\n");
    let (_dir, path) = folder(&[("drolma.toml", &paid)]);
    let market = MarketFile::load(&path).unwrap();
    let payment = &market.default_producer().1.payment;
    assert_eq!(
        payment.methods,
        vec![PaymentMethod::Wechat, PaymentMethod::Cod]
    );
    assert_eq!(payment.window_minutes, 20);
    let (_dir, path) = folder(&[("drolma.toml", DROLMA)]);
    let market = MarketFile::load(&path).unwrap();
    assert_eq!(
        market.default_producer().1.payment.methods,
        vec![PaymentMethod::Cod]
    );
    let bad = format!("{DROLMA}\n[payment]\nmethods = [\"paypal\"]\n");
    let (_dir, path) = folder(&[("drolma.toml", &bad)]);
    refused(&path, Some("payment.methods"));
}
