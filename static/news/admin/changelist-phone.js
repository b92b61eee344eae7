'use strict';
// On a phone the filters come below the list: each starts closed (one line per filter, not
// sixty lines of choices to scroll past), unless it is in use or staff opened or closed it
// before (Django's filters.js keeps that state in sessionStorage and restores it).
document.addEventListener('DOMContentLoaded', () => {
    if (!window.matchMedia('(max-width: 767px)').matches) {
        return;
    }
    const kept = JSON.parse(sessionStorage.getItem('django.admin.filtersState')) || {};
    document.querySelectorAll('#changelist-filter details[data-filter-title]').forEach(filter => {
        const inUse = !filter.querySelector('li:first-child.selected');
        if (!(filter.dataset.filterTitle in kept) && !inUse) {
            filter.removeAttribute('open');
        }
    });
});
