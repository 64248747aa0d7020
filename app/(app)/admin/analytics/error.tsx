'use client';
export { AdminError as default } from '../_components/admin-error';
