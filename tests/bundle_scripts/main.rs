//! The build's side of the bundle table (`orchard::bundles`), which it reads from the real
//! `orchard-server bundles`: every entry html and Cargo bin agrees with the table;
//! `scripts/sw-precache.sh` writes the table's routes and precache groups into a built `sw.js`
//! (run on a fake `dist/`, its routes run in Node as the service worker runs them); and
//! `scripts/size-report.sh` prints every bundle against its budget and fails when one is over.
#![cfg(not(target_arch = "wasm32"))]

mod dist;

use std::collections::BTreeSet;
use std::process::Command;

use dist::*;
use orchard::bundles::{self, Group};

#[test]
fn the_server_prints_the_table_the_scripts_read() {
    let out = Command::new(env!("CARGO_BIN_EXE_orchard-server"))
        .arg("bundles")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), bundles::table());
}

#[test]
fn every_bundle_is_built_from_its_entry_by_its_bin_and_every_browser_bin_is_in_the_table() {
    let cargo: toml::Value = toml::from_str(&read("Cargo.toml")).unwrap();
    let bins: BTreeSet<&str> = cargo["bin"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    let mut tabled = BTreeSet::from(["orchard-server"]);
    for b in bundles::ALL {
        let entry = read(b.entry);
        assert!(
            entry.contains(&format!("data-bin=\"{}\"", b.bin)),
            "{}",
            b.entry
        );
        tabled.insert(b.bin);
        if let Some(worker) = b.worker {
            let tag = entry
                .lines()
                .find(|l| l.contains(&format!("data-bin=\"{}\"", worker.bin)))
                .unwrap_or_else(|| panic!("{} builds {}", b.entry, worker.bin));
            assert!(tag.contains("data-type=\"worker\""), "{tag}");
            tabled.insert(worker.bin);
        }
    }
    assert_eq!(bins, tabled, "Cargo.toml's bins against the table's");
}

#[test]
fn the_service_worker_gets_the_tables_routes_and_precache_groups() {
    let dir = tempfile::tempdir().unwrap();
    let dist = fake_dist(dir.path(), |_| 64);
    let out = run("sw-precache.sh", &dist);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sw = std::fs::read_to_string(dist.join("sw.js")).unwrap();
    assert!(!sw.contains("__ORCHARD_"), "every placeholder is filled");

    // Every phone's shell: the buyer group's bundles, never another group's file.
    let precache = strings(&constant(&sw, "PRECACHE"));
    for extra in [
        "/pwa.js",
        "/manifest.webmanifest",
        "/icons/icon.svg",
        "/media/tree.jpg",
    ] {
        assert!(precache.contains(extra), "{extra}");
    }
    for left in ["/sw.js", "/icons/og-card.png", "/screenshots/phone.png"] {
        assert!(!precache.contains(left), "{left}");
    }
    let groups = constant(&sw, "GROUPS");
    let groups = groups.as_array().unwrap();
    let mut names = Vec::new();
    for b in bundles::ALL {
        let kept_by = |files: &BTreeSet<String>| {
            files.contains(&b.page())
                && files.contains(&format!(
                    "{}{}-0123456789abcdef_bg.wasm",
                    b.public_url(),
                    b.bin
                ))
        };
        if b.group == Group::Buyer {
            assert!(kept_by(&precache), "{} is precached", b.name);
            continue;
        }
        assert!(
            !precache.iter().any(|f| f.starts_with(&b.public_url())),
            "{}",
            b.name
        );
        let group = groups.iter().find(|g| g["name"] == b.group.name()).unwrap();
        assert!(
            kept_by(&strings(&group["files"])),
            "{} in {}",
            b.name,
            b.group.name()
        );
        assert!(
            strings(&group["dirs"]).contains(&b.public_url()),
            "{}",
            b.name
        );
        assert_eq!(
            group["message"],
            b.group.keep_message().unwrap(),
            "{}",
            b.name
        );
        assert_eq!(group["visit"], b.group.cached_on_visit(), "{}", b.name);
        if let Some(worker) = b.worker {
            let loader = format!("{}{}_loader.js", b.public_url(), worker.bin);
            assert!(strings(&group["files"]).contains(&loader), "{loader}");
        }
        if !names.contains(&b.group.name()) {
            names.push(b.group.name());
            // A group counts as kept once its first bundle's page is.
            assert_eq!(group["page"], b.page().as_str());
        }
    }
    let written: Vec<&str> = groups.iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(written, names);
}

#[test]
fn offline_the_service_worker_picks_the_page_the_server_would_answer() {
    let dir = tempfile::tempdir().unwrap();
    let dist = fake_dist(dir.path(), |_| 64);
    assert!(run("sw-precache.sh", &dist).status.success());
    // Each path of the table, then paths no bundle claims (the storefront's page, as the server
    // answers them).
    let mut cases: Vec<(String, String)> = Vec::new();
    for b in bundles::ALL {
        for path in b.paths {
            let path = path.replace("{id}", "K7Q2M9XD4PRA");
            cases.push((path.replace("{slug}", "x"), b.page()));
        }
    }
    for path in [
        "/admin/nothing",
        "/orders/",
        "/orders/K7Q2/extra",
        "/my-orders/x",
        "/x",
    ] {
        cases.push((path.to_owned(), bundles::STOREFRONT.page()));
    }
    // A producer's storefront of a market (`/p/{slug}`) is the storefront's page by its own route,
    // not as any other path is.
    let routes = constant(
        &std::fs::read_to_string(dist.join("sw.js")).unwrap(),
        "ROUTES",
    );
    let storefront = serde_json::json!(["/p/{slug}", bundles::STOREFRONT.page()]);
    assert!(routes.as_array().unwrap().contains(&storefront), "{routes}");
    assert!(cases.contains(&("/p/x".to_owned(), bundles::STOREFRONT.page())));
    let paths: Vec<&str> = cases.iter().map(|(p, _)| p.as_str()).collect();
    let pages: Vec<String> = serde_json::from_value(ask_worker(&dist, "pageFor", &paths)).unwrap();
    let want: Vec<&str> = cases.iter().map(|(_, page)| page.as_str()).collect();
    assert_eq!(pages, want, "for {paths:?}");
}

#[test]
fn the_service_worker_keeps_each_producers_storefront_data_as_the_default_ones() {
    let dir = tempfile::tempdir().unwrap();
    let dist = fake_dist(dir.path(), |_| 64);
    assert!(run("sw-precache.sh", &dist).status.success());
    let cases = [
        ("/api/storefront", true),
        ("/api/producers/x/storefront", true),
        ("/api/producers/walnut-farm/storefront", true),
        ("/api/producers/x/orders", false),
        ("/api/producers/x/admin/storefront", false),
        ("/api/producers//storefront", false),
        ("/api/orders/K7Q2M9XD4PRA", false),
        ("/api/market", false),
    ];
    let paths: Vec<&str> = cases.iter().map(|(p, _)| *p).collect();
    let kept: Vec<bool> =
        serde_json::from_value(ask_worker(&dist, "storefrontApi", &paths)).unwrap();
    let want: Vec<bool> = cases.iter().map(|(_, k)| *k).collect();
    assert_eq!(kept, want, "for {paths:?}");
}

#[test]
fn the_service_worker_keeps_the_data_of_a_producers_storefront_page_as_the_page_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let dist = fake_dist(dir.path(), |_| 64);
    assert!(run("sw-precache.sh", &dist).status.success());
    // The client's own cases (src/client/router.rs, `api_base`): `/p/{slug}` reads its
    // producer's storefront; every other page the default one's, which install keeps anyway.
    let walnut = "/api/producers/walnut-farm-2/storefront";
    let cases = [
        ("/p/hives", Some("/api/producers/hives/storefront")),
        ("/p/hives/", Some("/api/producers/hives/storefront")),
        ("/p/walnut-farm-2", Some(walnut)),
        ("/", None),
        ("/p/", None),
        ("/p/hives/orders", None),
        ("/p/Hives", None),
        ("/p/h%C3%A9", None),
        ("/p/a-slug-of-thirty-three-letters-xy", None),
        ("/x/p/hives", None),
    ];
    let paths: Vec<&str> = cases.iter().map(|(p, _)| *p).collect();
    let data: Vec<Option<String>> =
        serde_json::from_value(ask_worker(&dist, "storefrontOf", &paths)).unwrap();
    let want: Vec<Option<String>> = cases.iter().map(|(_, d)| d.map(str::to_owned)).collect();
    assert_eq!(data, want, "for {paths:?}");
    // What install and a visit keep is what the fetch handler serves from that cache.
    let kept: Vec<&str> = data.iter().flatten().map(String::as_str).collect();
    let served = ask_worker(&dist, "storefrontApi", &kept);
    assert_eq!(served, serde_json::json!(vec![true; kept.len()]));
}

#[test]
fn the_size_report_prints_every_bundle_against_its_budget_and_passes_under_them() {
    let dir = tempfile::tempdir().unwrap();
    let dist = fake_dist(dir.path(), |_| 1000);
    let out = run("size-report.sh", &dist);
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for b in bundles::ALL {
        let line = report
            .lines()
            .find(|l| l.starts_with(&format!("{} first load, brotli total", b.name)))
            .unwrap_or_else(|| panic!("{} is reported: {report}", b.name));
        assert!(line.contains(&format!("(budget {})", b.budget)), "{line}");
    }
    assert!(report.contains("scan's orchard-qr worker"), "{report}");
}

#[test]
fn the_size_report_fails_when_any_bundle_is_over_its_budget_and_says_which() {
    for over in bundles::ALL {
        let dir = tempfile::tempdir().unwrap();
        let budget = over.budget as usize;
        let dist = fake_dist(dir.path(), |b| if b == over { budget + 100 } else { 1000 });
        let out = run("size-report.sh", &dist);
        let errors = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{}: {errors}", over.name);
        let said = format!("{} first load, brotli total is over its budget", over.name);
        assert!(errors.contains(&said), "{errors}");
        assert_eq!(errors.lines().count(), 1, "only {}: {errors}", over.name);
    }
}
