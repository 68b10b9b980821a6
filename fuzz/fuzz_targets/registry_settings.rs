#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| esafety_conformance::fuzz::run("registry_settings", data));
