//! The client's bundles, declared once: one entry each in `ALL`, read by everything that must
//! agree on them. The server's page routes and each page's camera permission
//! (`server::pages`), and, through `orchard-server bundles` (`table`), the build
//! (`scripts/setup.sh`'s `build_client`: one Trunk build an entry), the service worker's routes
//! and precache groups (`scripts/sw-precache.sh` writes them into `dist/sw.js`) and the budgets
//! (`scripts/size-report.sh` fails over any). Adding a bundle is its code (a bin, an entry html)
//! and one entry here. Pure data, compiled for both targets.

/// Which phones keep a bundle's files for use without a connection: the service worker's
/// precache groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Every buyer's phone: precached when the service worker installs.
    Buyer,
    /// A team phone that has opened the team's page (its page asks, `public/team-offline.js`),
    /// so buyers' phones never download them; cached as a visit fetches them too.
    Packer,
    /// An owner's phone only, once its page knows an owner is signed in (the page drops them
    /// from every cache when anyone else signs in); never cached by a visit alone, so a helper
    /// who opens the owner's page does not keep it.
    Owner,
}

impl Group {
    /// The group's name in the table and in `dist/sw.js`.
    pub fn name(self) -> &'static str {
        match self {
            Group::Buyer => "buyer",
            Group::Packer => "packer",
            Group::Owner => "owner",
        }
    }

    /// The message a page posts to the service worker to keep this group; `None` for the
    /// buyers' group, which the worker keeps as it installs.
    pub fn keep_message(self) -> Option<&'static str> {
        match self {
            Group::Buyer => None,
            Group::Packer => Some("keep-team-page"),
            Group::Owner => Some("keep-owner-page"),
        }
    }

    /// Whether the service worker caches the group's files as a visit fetches them.
    pub fn cached_on_visit(self) -> bool {
        self != Group::Owner
    }
}

/// A Web Worker Trunk builds with a bundle, into the bundle's folder, fetched only when its
/// page starts it: measured apart from the bundle's first load, against its own budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Worker {
    /// The Cargo bin; its files are `{bin}.js`, `{bin}_bg.wasm` and `{bin}_loader.js`.
    pub bin: &'static str,
    /// Its files' brotli bytes at most.
    pub budget: u32,
}

/// One bundle: a Cargo bin that Trunk builds from its own entry html into its own folder of
/// `dist/`, served at its own page paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundle {
    /// Its name in the table, the scripts' output and the tests.
    pub name: &'static str,
    /// The Cargo bin its entry html names (`data-bin`).
    pub bin: &'static str,
    /// Trunk's entry html, from the crate's root.
    pub entry: &'static str,
    /// Its folder in `dist/` and in the URL ("" for the storefront, at the root).
    pub dir: &'static str,
    /// The paths the server answers with its page (axum's syntax: `{id}` is one segment), its
    /// `{dir}/index.html` among them.
    pub paths: &'static [&'static str],
    /// Which phones keep its files.
    pub group: Group,
    /// The brotli bytes of its first load at most: its WebAssembly, JS, CSS and page, and
    /// `/pwa.js` if the page loads it (`scripts/size-report.sh`, with wasm-opt, checks it).
    pub budget: u32,
    /// Whether its page may use the phone's camera (`Permissions-Policy: camera=(self)`).
    pub camera: bool,
    /// The `locales/pages/*.json` message of its page's title.
    pub title: &'static str,
    /// The message of the loading line its page shows until the WebAssembly runs, if it has one.
    pub loading: Option<&'static str>,
    /// A worker built with it, if any.
    pub worker: Option<Worker>,
}

impl Bundle {
    /// Its page in `dist/`: `index.html`, `mine/index.html`.
    pub fn file(&self) -> String {
        if self.dir.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{}/index.html", self.dir)
        }
    }

    /// Its page's path, the copy the service worker keeps for its paths: `/mine/index.html`.
    pub fn page(&self) -> String {
        format!("/{}", self.file())
    }

    /// The folder Trunk builds it into: `dist`, `dist/mine`.
    pub fn dist(&self) -> String {
        if self.dir.is_empty() {
            "dist".to_owned()
        } else {
            format!("dist/{}", self.dir)
        }
    }

    /// The URL its files are served under: `/`, `/mine/`.
    pub fn public_url(&self) -> String {
        if self.dir.is_empty() {
            "/".to_owned()
        } else {
            format!("/{}/", self.dir)
        }
    }
}

/// The storefront, at `/` (and each producer's of a market at `/p/{slug}`): the page a crowd
/// opens when a sale starts, and the page of every path no bundle claims (the client's not-found
/// page). Built first: its build empties `dist/`.
pub const STOREFRONT: Bundle = Bundle {
    name: "storefront",
    bin: "orchard",
    entry: "index.html",
    dir: "",
    paths: &["/", "/index.html", "/p/{slug}"],
    group: Group::Buyer,
    // 150 KB goal (BENCHMARKS.md); 153,503 after #27, 156,159 after #28; #29 keeps 157,696.
    budget: 157_696,
    camera: false,
    title: "title",
    loading: Some("loading"),
    worker: None,
};

/// Every bundle, the storefront first. The other budgets are the bytes measured after issue #27
/// (BENCHMARKS.md: release builds with wasm-opt, brotli -q 11, the root helpers the page loads
/// counted) plus about 2 KB, rounded up to a KiB: a feature that needs more says so by raising
/// its line here.
pub const ALL: &[Bundle] = &[
    STOREFRONT,
    Bundle {
        name: "mine",
        bin: "orchard-orders",
        entry: "mine/index.html",
        dir: "mine",
        paths: &["/my-orders", "/orders/{id}", "/mine/index.html"],
        group: Group::Buyer,
        // 134,768 before issue #27, 161,642 after: leptos_router's pages (+23.3 KB) and the order
        // cards (+2.2 KB) took it past 150 KB (BENCHMARKS.md); 160 KiB, as it is never the sale's
        // first screen (a buyer reaches it from a tracking link or "My orders"); 167,884 after #28.
        // Paying lives here (#29: countdown, "Pay now", WeChat's bridge, QR code): 187,155.
        budget: 189_440,
        camera: false,
        title: "mine_title",
        loading: Some("mine_loading"),
        worker: None,
    },
    Bundle {
        name: "admin",
        bin: "orchard-admin",
        entry: "admin/index.html",
        dir: "admin",
        paths: &["/admin", "/admin/", "/admin/index.html"],
        group: Group::Packer,
        // 209,355 after issue #27; 255,451 with #28's counter form (+31,372: the buyer's parse
        // functions and words; the slip is the server's); 257,302 after #29 (payment lines).
        budget: 258_048,
        camera: true,
        title: "admin_title",
        loading: None,
        worker: None,
    },
    Bundle {
        name: "scan",
        bin: "orchard-scan",
        entry: "scan/index.html",
        dir: "scan",
        paths: &["/admin/scan", "/scan/index.html"],
        group: Group::Packer,
        // 153,230 measured; 163,320 after issue #28 (the member's producer).
        budget: 165_888,
        camera: true,
        title: "scan_title",
        loading: None,
        // The QR decoder, where the browser cannot read QR codes itself: 90,856 measured, plus
        // about 1 KB.
        worker: Some(Worker {
            bin: "orchard-qr",
            budget: 92_160,
        }),
    },
    Bundle {
        name: "owner",
        bin: "orchard-owner",
        entry: "owner/index.html",
        dir: "owner",
        paths: &["/admin/owner", "/owner/index.html"],
        group: Group::Owner,
        // 161,487 after issue #27; 231,113 with #28's producer form (checked in the browser by the
        // domain's NewProducer::parse and ContentPatch::parse): only the owner's and operator's.
        budget: 233_472,
        // As every page under /admin/ always could; the owner's page opens no camera today.
        camera: true,
        title: "owner_title",
        loading: None,
        worker: None,
    },
];

/// The bundle named `name`.
pub fn named(name: &str) -> Option<&'static Bundle> {
    ALL.iter().find(|b| b.name == name)
}

/// The table as the scripts read it (`orchard-server bundles`): a `#` line naming the columns,
/// then one tab-separated line a bundle, in `ALL`'s order; paths are joined by commas, and a
/// field with nothing to say is `-`.
pub fn table() -> String {
    let mut out = String::from(
        "# name\tbin\tentry\tdist\tpublic_url\tpage\tgroup\tkeep_message\tcached_on_visit\
         \tbudget\tcamera\tpaths\tworker\tworker_budget\n",
    );
    let yes = |b: bool| if b { "yes" } else { "no" };
    for b in ALL {
        let fields = [
            b.name.to_owned(),
            b.bin.to_owned(),
            b.entry.to_owned(),
            b.dist(),
            b.public_url(),
            b.page(),
            b.group.name().to_owned(),
            b.group.keep_message().unwrap_or("-").to_owned(),
            yes(b.group.cached_on_visit()).to_owned(),
            b.budget.to_string(),
            yes(b.camera).to_owned(),
            b.paths.join(","),
            b.worker.map_or("-".to_owned(), |w| w.bin.to_owned()),
            b.worker.map_or("-".to_owned(), |w| w.budget.to_string()),
        ];
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundle_serves_its_own_page_file_and_no_path_belongs_to_two() {
        let mut seen = std::collections::BTreeSet::new();
        for b in ALL {
            assert!(b.paths.contains(&b.page().as_str()), "{}", b.name);
            for path in b.paths {
                assert!(path.starts_with('/'), "{path}");
                assert!(seen.insert(*path), "{path} is in two bundles");
            }
        }
    }

    #[test]
    fn the_storefront_comes_first_and_names_are_unique() {
        assert_eq!(ALL[0], STOREFRONT);
        assert_eq!(named("storefront"), Some(&STOREFRONT));
        for (i, b) in ALL.iter().enumerate() {
            assert!(ALL[..i].iter().all(|o| o.name != b.name && o.dir != b.dir));
            assert!(!b.dir.contains('/') && !b.name.contains(char::is_whitespace));
        }
    }

    #[test]
    fn the_table_has_one_line_a_bundle_with_every_column() {
        let table = table();
        let mut lines = table.lines();
        let columns = lines.next().unwrap().split('\t').count();
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
        assert_eq!(rows.len(), ALL.len());
        for (row, b) in rows.iter().zip(ALL) {
            assert_eq!(row.len(), columns, "{}", b.name);
            assert!(row.iter().all(|f| !f.is_empty()), "{row:?}");
            assert_eq!(row[0], b.name);
        }
        assert_eq!(
            rows[1][3..6],
            ["dist/mine", "/mine/", "/mine/index.html"],
            "the buyer's orders"
        );
        assert_eq!(rows[3][12..], ["orchard-qr", "92160"], "scan's QR worker");
    }
}
