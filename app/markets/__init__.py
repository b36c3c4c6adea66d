"""Markets, stalls, cashless streets, vendors, their accounts, participation and Chợ 4.0."""
