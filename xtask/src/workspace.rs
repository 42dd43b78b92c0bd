use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::process;

/// Where things are: the workspace root and cargo's target directory
/// (which CI may move with CARGO_TARGET_DIR).
pub struct Workspace {
    pub root: PathBuf,
    pub target: PathBuf,
}

impl Workspace {
    pub fn locate() -> anyhow::Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask lives inside the workspace")?
            .to_path_buf();
        let mut command = process::cargo();
        command
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .current_dir(&root);
        let output = command.output().context("running cargo metadata")?;
        if !output.status.success() {
            bail!(
                "cargo metadata failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let metadata: serde_json::Value =
            serde_json::from_slice(&output.stdout).context("reading cargo metadata")?;
        let target = metadata["target_directory"]
            .as_str()
            .context("cargo metadata names no target directory")?
            .into();
        Ok(Self { root, target })
    }

    /// The version of a package Cargo.lock pins, as cargo itself resolves
    /// it (`cargo metadata`), for tools that must match a library exactly.
    pub fn locked_version(&self, package: &str) -> anyhow::Result<String> {
        let mut command = process::cargo();
        command
            .args(["metadata", "--format-version", "1", "--locked"])
            .current_dir(&self.root);
        let output = command.output().context("running cargo metadata")?;
        if !output.status.success() {
            bail!(
                "cargo metadata failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let metadata: serde_json::Value =
            serde_json::from_slice(&output.stdout).context("reading cargo metadata")?;
        resolved_version(&metadata, package)
    }
}

/// The one version of `package` among the resolved packages.
fn resolved_version(metadata: &serde_json::Value, package: &str) -> anyhow::Result<String> {
    let mut versions: Vec<&str> = metadata["packages"]
        .as_array()
        .context("cargo metadata lists no packages")?
        .iter()
        .filter(|p| p["name"].as_str() == Some(package))
        .filter_map(|p| p["version"].as_str())
        .collect();
    versions.sort_unstable();
    versions.dedup();
    match versions.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => bail!("Cargo.lock pins no version of {package}"),
        many => bail!("Cargo.lock pins several versions of {package}: {many:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::resolved_version;

    fn metadata(packages: &[(&str, &str)]) -> serde_json::Value {
        let packages: Vec<_> = packages
            .iter()
            .map(|(name, version)| serde_json::json!({ "name": name, "version": version }))
            .collect();
        serde_json::json!({ "packages": packages })
    }

    #[test]
    fn finds_the_exact_package_and_only_one_version() {
        let one = metadata(&[
            ("wasm-bindgen-backend", "0.2.1"),
            ("wasm-bindgen", "0.2.130"),
        ]);
        assert_eq!(resolved_version(&one, "wasm-bindgen").unwrap(), "0.2.130");
        assert_eq!(
            resolved_version(&one, "wasm-bindgen-backend").unwrap(),
            "0.2.1"
        );
        assert!(resolved_version(&one, "leptos").is_err());
        let two = metadata(&[("rand", "0.8.5"), ("rand", "0.10.0")]);
        assert!(resolved_version(&two, "rand").is_err());
    }
}
