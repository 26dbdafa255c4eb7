//! How a producer is paid (issue #29, DESIGN.md "Payment"): the methods its content accepts,
//! `[payment] methods = ["wechat", "alipay", "cod"]`, and how long an online order holds its
//! boxes while it waits to be paid, `window_minutes`. Shared by the server (which reads the
//! content) and, later, the order form (which offers the methods).

use serde::{Deserialize, Serialize};

/// The window an online order waits to be paid when the content names none.
pub const DEFAULT_WINDOW_MINUTES: u32 = 15;
/// The longest window: WeChat Pay's and Alipay's prepaid orders last two hours at most.
pub const MAX_WINDOW_MINUTES: u32 = 120;

/// One way to pay.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentMethod {
    /// WeChat Pay: JSAPI inside WeChat, H5 in another phone browser, Native on a computer.
    Wechat,
    /// Alipay: WAP pay by redirect.
    Alipay,
    /// Pay on delivery: today's behaviour, and the default.
    Cod,
}

impl PaymentMethod {
    pub const ALL: [Self; 3] = [Self::Wechat, Self::Alipay, Self::Cod];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wechat => "wechat",
            Self::Alipay => "alipay",
            Self::Cod => "cod",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// Paid through a provider before the boxes leave (not on delivery).
    pub fn is_online(self) -> bool {
        self != Self::Cod
    }
}

/// What a producer accepts: its methods (in the order its content gives them, none twice) and
/// the window an online order is held for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTerms {
    pub methods: Vec<PaymentMethod>,
    pub window_minutes: u32,
}

impl Default for PaymentTerms {
    /// Pay on delivery only, as every shop before payment.
    fn default() -> Self {
        Self {
            methods: vec![PaymentMethod::Cod],
            window_minutes: DEFAULT_WINDOW_MINUTES,
        }
    }
}

impl PaymentTerms {
    /// The terms of a content's `[payment]`: `methods` (default `["cod"]`) and
    /// `window_minutes` (default 15, from 1 to 120); why not, naming the key at fault.
    pub fn parse(
        methods: Option<&[String]>,
        window_minutes: Option<u32>,
    ) -> Result<Self, (&'static str, String)> {
        let mut terms = Self::default();
        if let Some(names) = methods {
            if names.is_empty() {
                return Err(("methods", "name at least one of wechat, alipay, cod".into()));
            }
            terms.methods.clear();
            for name in names {
                let method = PaymentMethod::parse(name).ok_or_else(|| {
                    (
                        "methods",
                        format!("{name:?} is not one of wechat, alipay, cod"),
                    )
                })?;
                if terms.methods.contains(&method) {
                    return Err(("methods", format!("{name:?} is named twice")));
                }
                terms.methods.push(method);
            }
        }
        if let Some(minutes) = window_minutes {
            if !(1..=MAX_WINDOW_MINUTES).contains(&minutes) {
                let why = format!("{minutes} is not from 1 to {MAX_WINDOW_MINUTES} minutes");
                return Err(("window_minutes", why));
            }
            terms.window_minutes = minutes;
        }
        Ok(terms)
    }

    /// The online methods among them, which need credentials and a public URL.
    pub fn online(&self) -> impl Iterator<Item = PaymentMethod> + '_ {
        self.methods.iter().copied().filter(|m| m.is_online())
    }
}

impl<'de> Deserialize<'de> for PaymentMethod {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::by_name::by_name(d, "wechat, alipay or cod", Self::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_content_without_payment_is_paid_on_delivery_with_a_window_of_fifteen_minutes() {
        let terms = PaymentTerms::parse(None, None).unwrap();
        assert_eq!(terms, PaymentTerms::default());
        assert_eq!(terms.methods, vec![PaymentMethod::Cod]);
        assert_eq!(terms.window_minutes, 15);
        assert_eq!(terms.online().count(), 0);
    }

    #[test]
    fn the_methods_keep_their_order_and_the_online_ones_are_told_apart() {
        use PaymentMethod::*;
        let terms = PaymentTerms::parse(Some(&names(&["alipay", "cod", "wechat"])), Some(30));
        let terms = terms.unwrap();
        assert_eq!(terms.methods, vec![Alipay, Cod, Wechat]);
        assert_eq!(terms.online().collect::<Vec<_>>(), vec![Alipay, Wechat]);
        assert_eq!(terms.window_minutes, 30);
    }

    #[test]
    fn no_method_an_unknown_one_a_repeated_one_or_a_window_out_of_range_is_refused_by_key() {
        let refused = |methods: &[&str], window| {
            PaymentTerms::parse(Some(&names(methods)), window)
                .unwrap_err()
                .0
        };
        assert_eq!(refused(&[], None), "methods");
        assert_eq!(refused(&["paypal"], None), "methods");
        assert_eq!(refused(&["wechat", "wechat"], None), "methods");
        assert_eq!(refused(&["cod"], Some(0)), "window_minutes");
        assert_eq!(refused(&["cod"], Some(121)), "window_minutes");
        assert!(PaymentTerms::parse(None, Some(120)).is_ok());
    }

    #[test]
    fn a_method_reads_and_writes_as_its_lowercase_name() {
        for method in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(method.as_str()), Some(method));
            let json = serde_json::to_string(&method).unwrap();
            assert_eq!(json, format!("\"{}\"", method.as_str()));
            assert_eq!(
                serde_json::from_str::<PaymentMethod>(&json).unwrap(),
                method
            );
        }
        let unknown = serde_json::from_str::<PaymentMethod>("\"paypal\"").unwrap_err();
        assert!(
            unknown.to_string().contains("wechat, alipay or cod"),
            "{unknown}"
        );
    }
}
