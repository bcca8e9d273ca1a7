// placeholder for the helper
