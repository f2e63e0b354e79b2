"""Webshop channels: orders from WooCommerce, Shopify, Magento and Lightspeed import themselves
(webhooks, polling, files) and shops are told when their orders ship."""
