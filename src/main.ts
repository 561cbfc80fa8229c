import { mount } from 'svelte';
import './app.css';
import './styles/class.css';
import App from './components/App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');
export default mount(App, { target });
