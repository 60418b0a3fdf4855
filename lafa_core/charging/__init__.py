"""Depot charging: the electricity tariff as data (`tariffs`: CFE GDMTH periods, prices, demand
charge, holidays, read from data/tariffs.yaml) and the night's charging plan (`optimizer`: a linear
program that meets each vehicle's target state of charge at the least energy + demand cost, and the
naive "charge on arrival" baseline it is compared with). Pure: no database, no Streamlit."""
