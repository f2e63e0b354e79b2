"""One module per platform: signature check, normaliser (platform JSON → ``ShopOrder``) and the
HTTP client (incremental listing, fetch, push-back)."""
