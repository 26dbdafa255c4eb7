//! WeChat's in-app pay sheet: `WeixinJSBridge.invoke("getBrandWCPayRequest", params, callback)`
//! with the JSAPI parameters the order's lookup gives once the buyer has come back from WeChat's
//! sign-in. The bridge is WeChat's own script, there only inside WeChat and sometimes only once
//! its `WeixinJSBridgeReady` event has fired on the document. The page never trusts the
//! answer: whatever the sheet says, the order's lookup asks the provider.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::JsapiParams;

/// The sheet's answer when the buyer has paid.
const PAID: &str = "get_brand_wcpay_request:ok";

/// The parameters as the bridge wants them: `appId`, `timeStamp`, `nonceStr`, `package`,
/// `signType`, `paySign`.
fn request(params: &JsapiParams) -> Object {
    let object = Object::new();
    for (name, value) in [
        ("appId", &params.app_id),
        ("timeStamp", &params.time_stamp),
        ("nonceStr", &params.nonce_str),
        ("package", &params.package),
        ("signType", &params.sign_type),
        ("paySign", &params.pay_sign),
    ] {
        let _ = Reflect::set(&object, &name.into(), &value.into());
    }
    object
}

/// Opens the sheet if WeChat has put its bridge on the page; whether it could.
fn invoke(params: &JsapiParams, done: &Function) -> bool {
    let Ok(bridge) = Reflect::get(&js_sys::global(), &"WeixinJSBridge".into()) else {
        return false;
    };
    let Ok(invoke) = Reflect::get(&bridge, &"invoke".into()) else {
        return false;
    };
    let Some(invoke) = invoke.dyn_ref::<Function>() else {
        return false;
    };
    let name = JsValue::from("getBrandWCPayRequest");
    let args = js_sys::Array::of3(&name, &request(params), done);
    invoke.apply(&bridge, &args).is_ok()
}

/// Opens WeChat's pay sheet with `params`, at once or once the bridge is ready, and tells
/// `answered` whether the sheet said it was paid (`false` for a cancel or a failure).
pub fn pay(params: JsapiParams, answered: impl Fn(bool) + 'static) {
    let done = Closure::once_into_js(move |res: JsValue| {
        let said = Reflect::get(&res, &"err_msg".into())
            .ok()
            .and_then(|m| m.as_string());
        answered(said.as_deref() == Some(PAID));
    });
    let done: Function = done.unchecked_into();
    if invoke(&params, &done) {
        return;
    }
    let later = Closure::once_into_js(move || {
        invoke(&params, &done);
    });
    // The event fires once a page, so the one-shot closure is called once at most.
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let _ =
            document.add_event_listener_with_callback("WeixinJSBridgeReady", later.unchecked_ref());
    }
}
