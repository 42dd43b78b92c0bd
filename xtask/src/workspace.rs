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

    /// The version of a package pinned in Cargo.lock.
    pub fn locked_version(&self, package: &str) -> anyhow::Result<String> {
        let lock =
            std::fs::read_to_string(self.root.join("Cargo.lock")).context("reading Cargo.lock")?;
        locked_version(&lock, package)
            .with_context(|| format!("Cargo.lock pins no version of {package}"))
    }
}

fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines
                .next()?
                .trim()
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(version.to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::locked_version;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen-backend"
version = "0.2.1"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
"#;

    #[test]
    fn finds_the_exact_package_not_a_prefix() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen-backend").as_deref(),
            Some("0.2.1")
        );
        assert_eq!(locked_version(LOCK, "leptos"), None);
    }
}
