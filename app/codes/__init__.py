"""Making, checking and serving VietQR codes; the bank directory."""
