//! Properties of both clients' types that callers rely on, checked at compile time.

fn send_sync_clone<T: Send + Sync + Clone + 'static>() {}
fn send<T: Send>(_: &T) {}
fn send_sync<T: Send + Sync>(_: &T) {}
fn error_type<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn clients_are_cheap_to_share_across_threads() {
    send_sync_clone::<solapi_cash_blocking::Client>();
    send_sync_clone::<solapi_cash_async::Client>();
    // Errors convert into `Box<dyn Error + Send + Sync>` (and anyhow) with `?`.
    error_type::<solapi_cash_core::Error>();
}

#[test]
fn the_async_export_stream_can_move_between_threads() {
    let client = solapi_cash_async::Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials(solapi_auth::Credentials::bearer("token"))
        .build()
        .unwrap();
    let stream = client.history_all(solapi_cash_types::HistoryQuery::default());
    send(&stream);
    let future = client.balance();
    send(&future);
}

#[test]
fn the_blocking_export_iterators_can_be_shared_between_threads() {
    let client = solapi_cash_blocking::Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials(solapi_auth::Credentials::bearer("token"))
        .build()
        .unwrap();
    send_sync(&client.history_all(solapi_cash_types::HistoryQuery::default()));
    send_sync(&client.history_pages(solapi_cash_types::HistoryQuery::default()));
}
