//! What the buyer sees and does, in WebDriver's words: an element that shows (found by its
//! visible text or its label, never by a CSS class), a tap, typing, a script's answer.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

/// One step of a journey: what went wrong, said as the buyer would notice it.
pub type Step<T = ()> = Result<T, String>;

/// One element to appear (the WebAssembly compiling on a busy machine included).
pub const APPEAR: Duration = Duration::from_secs(30);

/// Scrolls `element` to the middle of the screen, where the buyer would have it, and taps it
/// (WebKitWebDriver scrolls it only to the viewport's edge, under the fixed bottom bar).
pub async fn tap(c: &Client, element: Element, what: &str) -> Step {
    c.execute(
        "arguments[0].scrollIntoView({ block: 'center' })",
        vec![json!(element)],
    )
    .await
    .map_err(|e| format!("scroll to {what}: {e}"))?;
    element
        .click()
        .await
        .map_err(|e| format!("tap {what}: {e}"))
}

/// Types `text` into the field labelled `label`.
pub async fn type_into(c: &Client, label: &str, text: &str) -> Step {
    field(c, label)
        .await?
        .send_keys(text)
        .await
        .map_err(|e| format!("type into {label}: {e}"))
}

/// The element `xpath` finds, once it is there and shown.
pub async fn appears(c: &Client, xpath: &str) -> Step<Element> {
    let deadline = Instant::now() + APPEAR;
    loop {
        if let Ok(element) = c.find(Locator::XPath(xpath)).await {
            if element.is_displayed().await.unwrap_or(false) {
                return Ok(element);
            }
        }
        if Instant::now() > deadline {
            let url = c
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            return Err(format!("nothing shows {xpath} at {url} after {APPEAR:?}"));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The text field whose label reads `label`.
pub async fn field(c: &Client, label: &str) -> Step<Element> {
    appears(
        c,
        &format!("//input[@id = //label[normalize-space()='{label}']/@for]"),
    )
    .await
}

pub async fn script(c: &Client, js: &str) -> Step<Value> {
    c.execute(js, vec![])
        .await
        .map_err(|e| format!("script {js:?}: {e}"))
}

pub async fn script_async(c: &Client, js: &str) -> Step<Value> {
    c.execute_async(js, vec![])
        .await
        .map_err(|e| format!("script {js:?}: {e}"))
}

/// Waits until `js` returns true.
pub async fn until(c: &Client, what: &str, js: &str) -> Step {
    let deadline = Instant::now() + APPEAR;
    while script(c, js).await? != json!(true) {
        if Instant::now() > deadline {
            return Err(format!("not so after {APPEAR:?}: {what}"));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}
