"""The registry as data: LIVC-R cells, status events, visits and programmes.

Never imports streamlit. Resolves municipalities through `geo`.
"""
