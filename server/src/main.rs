//! The `zhanggui` server binary: parses the command line and hands over to the library.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::cli::run().await
}
