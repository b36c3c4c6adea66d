"""Community digital-technology teams (Tổ công nghệ số cộng đồng), their members and
activities, and the pilot models localities run."""
